package dev.tandem.nurture;

import dev.tandem.testing.KafkaBrokerResource;
import dev.tandem.testing.PostgresResource;
import dev.tandem.testing.SmtpResource;
import io.quarkus.test.common.QuarkusTestResource;

/** The real in-process Kafka broker, PostgreSQL server and SMTP server every @QuarkusTest of this module runs against. */
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(SmtpResource.class)
public final class TestInfrastructure {

    private TestInfrastructure() {
    }
}
