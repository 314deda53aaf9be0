package io.agreementgate.runtime.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agreementgate.topology.config.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The guard in front of the topology's processors, as Kafka Streams runs them: a task of a partition the state was not
 * built for never reaches its processor, and nothing is processed once the layout changed.
 */
class PartitionGuardTest {
    private static final String APP = "agreement-gate";

    private final AtomicReference<PartitionLayout> current = new AtomicReference<>(layout(3));
    private final PartitionGuard guard = new PartitionGuard(APP, 3, current::get, () -> {});
    private final List<String> seen = new ArrayList<>();

    @AfterEach
    void closeGuard() {
        guard.close();
    }

    private static PartitionLayout layout(int keyedCount) {
        Map<String, Integer> keyed = new TreeMap<>();
        Topics.DEFAULTS.customerKeyed().forEach(t -> keyed.put(t, keyedCount));
        Map<String, Integer> logs = new TreeMap<>();
        PartitionLayout.changelogs(APP).forEach(t -> logs.put(t, 3));
        return new PartitionLayout(keyed, logs);
    }

    /** A processor as the wrapper hands it to Kafka Streams, around one that records what reached it. */
    private Processor<String, String, String, String> wrapped() {
        PartitionGuardWrapper wrapper = new PartitionGuardWrapper();
        wrapper.configure(Map.of(PartitionGuard.CONFIG_KEY, guard));
        return wrapper.<String, String, String, String>wrapProcessorSupplier("decide-orders", () -> new Processor<>() {
                    @Override
                    public void init(ProcessorContext<String, String> context) {
                        seen.add("init " + context.taskId());
                    }

                    @Override
                    public void process(Record<String, String> record) {
                        seen.add("process " + record.key());
                    }
                })
                .get();
    }

    private static MockProcessorContext<String, String> task(int partition) {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, APP);
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        return new MockProcessorContext<>(config, new TaskId(0, partition), null);
    }

    @Test
    void shouldNeverStartTheProcessorOfATaskWhosePartitionTheStateWasNotBuiltFor() {
        Processor<String, String, String, String> processor = wrapped();

        assertThatThrownBy(() -> processor.init(task(4)))
                .isInstanceOf(PartitionLayoutChangedException.class)
                .hasMessageContaining("task 0_4")
                .hasMessageContaining("built for 3 partitions");
        assertThat(seen).isEmpty();
    }

    @Test
    void shouldProcessOnATaskOfAPartitionTheStateWasBuiltFor() {
        Processor<String, String, String, String> processor = wrapped();

        processor.init(task(2));
        processor.process(new Record<>("cust-1", "order", 0L));

        assertThat(seen).containsExactly("init 0_2", "process cust-1");
    }

    @Test
    void shouldProcessNoFurtherRecordOnceTheTopicsGrew() {
        Processor<String, String, String, String> processor = wrapped();
        processor.init(task(1));
        List<String> lines = new ArrayList<>();
        guard.start(lines::add);
        current.set(layout(6));

        String line = guard.confirm("fallback");

        assertThat(line).contains(Topics.DEFAULTS.orders() + " 3 -> 6").contains("migrate-partitions");
        assertThat(lines).containsExactly(line);
        assertThatThrownBy(() -> processor.process(new Record<>("cust-1", "order", 0L)))
                .isInstanceOf(PartitionLayoutChangedException.class)
                .hasMessage(line);
        assertThat(seen).containsExactly("init 0_1");
    }

    @Test
    void shouldAdoptTheTopicsCountWhenStartedBeforeTheTopicsExisted() {
        Map<String, Integer> keyed = new TreeMap<>();
        Topics.DEFAULTS.customerKeyed().forEach(t -> keyed.put(t, 3));
        try (PartitionGuard early = new PartitionGuard(APP, 0, () -> new PartitionLayout(keyed, Map.of()), () -> {})) {
            early.admit(new TaskId(0, 2));

            assertThat(early.builtWith()).isEqualTo(3);
            assertThatThrownBy(() -> early.admit(new TaskId(0, 3))).isInstanceOf(PartitionLayoutChangedException.class);
        }
    }

    @Test
    void shouldFindTheChangeThroughTheCausesKafkaStreamsWrapsItIn() {
        RuntimeException wrapped = new RuntimeException("task failed", new PartitionLayoutChangedException("line"));

        assertThat(PartitionLayoutChangedException.in(wrapped))
                .hasValueSatisfying(e -> assertThat(e).hasMessage("line"));
        assertThat(PartitionLayoutChangedException.in(new RuntimeException("other")))
                .isEmpty();
    }
}
