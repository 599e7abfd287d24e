package dev.tandem.events;

import java.util.Arrays;
import java.util.List;

/** Every concrete event record, found through the sealed hierarchy so a new one cannot be forgotten. */
final class EventRecords {

    private EventRecords() {
    }

    static List<Class<?>> all() {
        return Arrays.stream(TandemEvent.class.getPermittedSubclasses())
                .flatMap(topicInterface -> Arrays.stream(topicInterface.getPermittedSubclasses()))
                .toList();
    }
}
