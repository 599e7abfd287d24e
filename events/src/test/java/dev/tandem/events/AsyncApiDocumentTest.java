package dev.tandem.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fails when an event record exists that events/asyncapi.yaml does not describe, in its channel and fields. */
class AsyncApiDocumentTest {

    private static JsonNode doc;

    @BeforeAll
    static void read() throws IOException {
        doc = new ObjectMapper(new YAMLFactory()).readTree(new File("asyncapi.yaml"));
    }

    @Test
    void isAsyncApi3WithEveryTopicAndItsDeadLetterTopic() {
        assertEquals("3.0.0", doc.path("asyncapi").asText());
        List<String> addresses = new ArrayList<>();
        doc.path("channels").forEach(channel -> addresses.add(channel.path("address").asText()));
        assertEquals(Topics.allTopics().stream().sorted().toList(), addresses.stream().sorted().toList());
    }

    @Test
    void everyEventRecordIsDescribedInItsTopicWithAllItsFields() {
        List<String> problems = new ArrayList<>();
        for (Class<?> record : EventRecords.all()) {
            String name = record.getSimpleName();
            String topic = Topics.topicOf((TandemEvent) SampleEvents.all().stream()
                    .filter(record::isInstance).findFirst().orElseThrow());
            if (doc.path("components").path("messages").path(name).isMissingNode()) {
                problems.add(name + ": no message in components.messages");
            }
            if (!channelOf(topic).path("messages").has(name)) {
                problems.add(name + ": not listed in the channel of " + topic);
            }
            JsonNode properties = doc.path("components").path("schemas").path(name).path("properties");
            if (!properties.has("type")) {
                problems.add(name + ": schema lacks 'type'");
            }
            for (RecordComponent component : record.getRecordComponents()) {
                if (!properties.has(component.getName())) {
                    problems.add(name + ": schema lacks field '" + component.getName() + "'");
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void documentDescribesNoEventThatDoesNotExist() {
        List<String> known = EventRecords.all().stream().map(Class::getSimpleName).toList();
        doc.path("components").path("messages").fieldNames()
                .forEachRemaining(message -> assertTrue(known.contains(message), message + " has no record"));
    }

    private static JsonNode channelOf(String topic) {
        for (JsonNode channel : doc.path("channels")) {
            if (channel.path("address").asText().equals(topic)) {
                return channel;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
}
