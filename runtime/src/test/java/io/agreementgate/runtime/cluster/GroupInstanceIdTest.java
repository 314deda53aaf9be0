package io.agreementgate.runtime.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupInstanceIdTest {
    @TempDir
    Path dir;

    @Test
    void shouldKeepTheSameIdForTheSameStateDirectory() {
        String first = GroupInstanceId.in(dir.resolve("instance-0"));

        assertThat(GroupInstanceId.in(dir.resolve("instance-0"))).isEqualTo(first);
        assertThat(first).matches("[a-z0-9.-]+-[0-9a-f]{8}");
    }

    @Test
    void shouldGiveAnotherStateDirectoryAnotherId() {
        assertThat(GroupInstanceId.in(dir.resolve("instance-0")))
                .isNotEqualTo(GroupInstanceId.in(dir.resolve("instance-1")));
    }

    @Test
    void shouldReplaceAnUnusableRecordedId() throws Exception {
        Path state = dir.resolve("instance-0");
        Files.createDirectories(state);
        Files.writeString(state.resolve(GroupInstanceId.FILE), "not an id: spaces and colons\n");

        String id = GroupInstanceId.in(state);

        assertThat(id).matches("[a-z0-9.-]+-[0-9a-f]{8}");
        assertThat(Files.readString(state.resolve(GroupInstanceId.FILE)).trim()).isEqualTo(id);
    }
}
