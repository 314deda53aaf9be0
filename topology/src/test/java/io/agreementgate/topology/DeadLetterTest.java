package io.agreementgate.topology;

import static io.agreementgate.testkit.Samples.anAttestation;
import static io.agreementgate.testkit.Samples.anOrder;
import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.topology.config.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Undecodable input goes to the dead-letter topic with the reason; the good records around it are decided. */
class DeadLetterTest {
    private final GateDriver gate = GateDriver.withoutWaiting();
    private final TestOutputTopic<byte[], byte[]> deadLetters = gate.driver.createOutputTopic(
            Topics.DEFAULTS.deadLetter(),
            Serdes.ByteArray().deserializer(),
            Serdes.ByteArray().deserializer());

    @AfterEach
    void close() {
        gate.close();
    }

    @Test
    void shouldSendUndecodableOrdersToDeadLetterTopicAndDecideTheOthers() {
        gate.send(anAttestation().build());
        gate.send(anOrder().id("good-1").build());
        gate.rawOrders.pipeInput("cust-contoso", "not avro at all".getBytes(StandardCharsets.UTF_8));
        gate.rawOrders.pipeInput("cust-contoso", new byte[] {0, 0, 0, 0x7f, 0x7f, 2, 4});
        gate.rawOrders.pipeInput("cust-contoso", (byte[]) null);
        gate.send(anOrder().id("good-2").build());

        assertThat(gate.approvedRecords())
                .extracting(r -> r.value().getOrder().getOrderId())
                .containsExactly("good-1", "good-2");
        List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
        assertThat(dead).hasSize(3);
        assertThat(dead.get(0).value()).isEqualTo("not avro at all".getBytes(StandardCharsets.UTF_8));
        for (TestRecord<byte[], byte[]> record : dead) {
            assertThat(headerNames(record)).anyMatch(name -> name.contains("exception"));
        }
    }

    private static List<String> headerNames(TestRecord<byte[], byte[]> record) {
        return java.util.Arrays.stream(record.headers().toArray())
                .map(Header::key)
                .toList();
    }
}
