package io.agreementgate.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Kafka's default placement, as the gate computes it, against the Java producer's own partitioner. */
class PlacementTest {

    @ParameterizedTest(name = "{0} on {1} partitions")
    @CsvSource({
        "cust-contoso, 3",
        "cust-contoso, 7",
        "c1, 2",
        "c1, 12",
        "Ünïcödé-客户, 5",
        "'', 3",
        "a-rather-long-customer-id-0123456789abcdefghijklmnopqrstuvwxyz, 64"
    })
    void shouldPlaceAKeyWhereKafkasJavaProducerPlacesIt(String key, int partitions) {
        int producers = BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), partitions);

        assertThat(Placement.home(key, partitions)).isEqualTo(producers);
        assertThat(new Placement(partitions).misplaced(key, producers)).isFalse();
        assertThat(new Placement(partitions).misplaced(key, (producers + 1) % partitions))
                .isTrue();
    }

    @ParameterizedTest(name = "key {0} on partition {1} of {2}: misplaced {3}")
    @CsvSource({
        // One partition: every record is where its customer lives.
        "cust-contoso, 0, 1, false",
        // No key: producers spread unkeyed records, there is no placement to miss.
        ", 2, 3, false",
        ", 0, 1, false",
    })
    void shouldNeverCallMisplacedWhatHasNoPlacement(String key, int partition, int partitions, boolean misplaced) {
        assertThat(new Placement(partitions).misplaced(key, partition)).isEqualTo(misplaced);
    }
}
