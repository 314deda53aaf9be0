package io.agreementgate.runtime.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.topology.config.Topics;
import java.util.Set;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

/** The operator's line names the ACL that is missing, including the WRITE on an input that parking needs. */
class AccessErrorsTest {
    private static final Topics TOPICS = Topics.DEFAULTS;

    @Test
    void shouldNameReadWhenAnInputTopicCannotBeRead() {
        assertThat(AccessErrors.describe(
                        new TopicAuthorizationException(Set.of(TOPICS.orders())), "agreement-gate", TOPICS))
                .hasValueSatisfying(
                        line -> assertThat(line).contains("READ on topic " + TOPICS.orders() + " is missing"));
    }

    @Test
    void shouldNameWriteWhenParkingARecordOnItsInputTopicWasRefused() {
        // As Kafka Streams' record collector reports a refused send.
        StreamsException refused = new StreamsException(
                "Error encountered sending record to topic " + TOPICS.orders() + " for task 0_1 due to:\n"
                        + "org.apache.kafka.common.errors.TopicAuthorizationException: Not authorized",
                new TopicAuthorizationException(Set.of(TOPICS.orders())));

        assertThat(AccessErrors.describe(refused, "agreement-gate", TOPICS))
                .hasValueSatisfying(line -> assertThat(line)
                        .contains("WRITE (to park a record during a schema registry outage) on input topic "
                                + TOPICS.orders() + " is missing")
                        .doesNotContain("READ on"));
    }
}
