package io.agreementgate.runtime.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.topology.config.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PartitionLayoutTest {
    private static final String APP = "agreement-gate";

    private static Map<String, Integer> keyed(int count) {
        Map<String, Integer> keyed = new TreeMap<>();
        Topics.DEFAULTS.customerKeyed().forEach(t -> keyed.put(t, count));
        return keyed;
    }

    private static Map<String, Integer> changelogs(int count) {
        Map<String, Integer> logs = new TreeMap<>();
        PartitionLayout.changelogs(APP).forEach(t -> logs.put(t, count));
        return logs;
    }

    @Test
    void shouldFindNothingWrongWhenTopicsAndStateAgree() {
        PartitionLayout layout = new PartitionLayout(keyed(3), changelogs(3));

        assertThat(layout.builtWith()).hasValue(3);
        assertThat(layout.mismatch(3, APP)).isEmpty();
    }

    @Test
    void shouldNameEveryGrownTopicWithOldAndNewCountAndWhatToDoWhenAllGrewTogether() {
        PartitionLayout layout = new PartitionLayout(keyed(6), changelogs(3));

        Optional<String> line = layout.mismatch(layout.builtWith().orElseThrow(), APP);

        assertThat(line).hasValueSatisfying(l -> {
            assertThat(l).doesNotContain("\n");
            Topics.DEFAULTS.customerKeyed().forEach(t -> assertThat(l).contains(t + " 3 -> 6"));
            assertThat(l)
                    .contains("built for 3 partitions")
                    .contains("agreement-gate migrate-partitions --to-application-id agreement-gate-p6")
                    .contains("application.id=agreement-gate-p6")
                    .contains("Changing partition counts");
        });
    }

    @Test
    void shouldNameOnlyTheTopicsThatChanged() {
        Map<String, Integer> keyed = keyed(3);
        keyed.put(Topics.DEFAULTS.orders(), 6);

        assertThat(new PartitionLayout(keyed, changelogs(3)).mismatch(3, APP))
                .hasValueSatisfying(l -> assertThat(l)
                        .contains("(" + Topics.DEFAULTS.orders() + " 3 -> 6)")
                        .doesNotContain(Topics.DEFAULTS.attestations() + " 3"));
    }

    @Test
    void shouldTakeTheTopicsCountWhenThereIsNoStateYet() {
        assertThat(new PartitionLayout(keyed(6), Map.of()).builtWith()).isEmpty();
        assertThat(new PartitionLayout(keyed(6), Map.of()).mismatch(6, APP)).isEmpty();
    }

    static Stream<Arguments> candidates() {
        return Stream.of(
                Arguments.of(1, 3, 6, List.of(1, 4)),
                Arguments.of(2, 3, 6, List.of(2, 5)),
                Arguments.of(0, 2, 6, List.of(0, 2, 4)),
                Arguments.of(1, 3, 4, List.of(0, 1, 2, 3)),
                Arguments.of(3, 6, 12, List.of(3, 9)));
    }

    @ParameterizedTest
    @MethodSource
    void candidates(int from, int fromCount, int to, List<Integer> expected) {
        assertThat(PartitionMigration.candidates(from, fromCount, to)).isEqualTo(expected);
    }

    @Test
    void shouldPlaceEveryKeyAmongTheCandidatesOfItsOldPartition() {
        for (int i = 0; i < 2000; i++) {
            byte[] key = ("cust-" + i).getBytes(StandardCharsets.UTF_8);
            int old = PartitionMigration.placement(key, 3);
            assertThat(PartitionMigration.candidates(old, 3, 6)).contains(PartitionMigration.placement(key, 6));
            int oldOf4 = PartitionMigration.placement(key, 4);
            assertThat(PartitionMigration.candidates(oldOf4, 4, 6)).contains(PartitionMigration.placement(key, 6));
        }
    }
}
