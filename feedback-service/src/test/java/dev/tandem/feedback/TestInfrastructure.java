package dev.tandem.feedback;

import dev.tandem.testing.KafkaBrokerResource;
import dev.tandem.testing.PostgresResource;
import dev.tandem.testing.SmtpResource;
import io.quarkus.test.common.QuarkusTestResource;

/** The real servers every @QuarkusTest here runs against (declared once: one Quarkus app for all test classes). */
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(SmtpResource.class)
public class TestInfrastructure {
}
