package dev.tandem.lead;

import dev.tandem.testing.KafkaBrokerResource;
import dev.tandem.testing.MongoResource;
import io.quarkus.test.common.QuarkusTestResource;

/** The real in-process Kafka broker and Mongo-wire server every @QuarkusTest of this module runs against. */
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(MongoResource.class)
public final class TestInfrastructure {

    private TestInfrastructure() {
    }
}
