package io.agreementgate.topology.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SettingTest {
    private static final Setting<Duration> WAIT =
            Setting.millis("gate.test.wait.ms", Duration.ofSeconds(1), "how long to wait");

    @Test
    void shouldParseTheGivenValueOrElseTheDefault() {
        assertThat(WAIT.from(Map.of())).isEqualTo(Duration.ofSeconds(1));
        assertThat(WAIT.from(Map.of("gate.test.wait.ms", " 250 "))).isEqualTo(Duration.ofMillis(250));
        assertThat(WAIT.defaultValue()).isEqualTo("1000");
    }

    @Test
    void shouldRefuseAWrongValueNamingTheKeyTheValueAndWhy() {
        assertThatThrownBy(() -> WAIT.parse("soon"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid value 'soon' for gate.test.wait.ms: not a number");
        assertThatThrownBy(() -> WAIT.parse("-1"))
                .hasMessage("invalid value '-1' for gate.test.wait.ms: must be zero or positive");
        assertThatThrownBy(() -> Setting.positiveInt("gate.test.n", 3, "n").parse("0"))
                .hasMessage("invalid value '0' for gate.test.n: must be positive");
        assertThatThrownBy(() -> Setting.text("gate.test.name", "x", "name").parse(" "))
                .hasMessage("invalid value '' for gate.test.name: must not be empty");
        assertThatThrownBy(() -> Setting.bool("gate.test.on", true, "on").parse("maybe"))
                .hasMessage("invalid value 'maybe' for gate.test.on: expected true or false");
    }

    @Test
    void shouldLeaveAnOptionalSettingEmptyWhenUnsetOrBlank() {
        Setting<Optional<String>> token = Setting.optionalText("gate.test.token", "a token");
        assertThat(token.defaultValue()).isNull();
        assertThat(token.from(Map.of())).isEmpty();
        assertThat(token.parse("  ")).isEmpty();
        assertThat(token.parse(" t ")).hasValue("t");
    }

    @Test
    void shouldReadADateAsMidnightUtcOrAnInstant() {
        Setting<Instant> from = Setting.instant("gate.test.from", Instant.parse("2020-02-01T00:00:00Z"), "from");
        assertThat(from.defaultValue()).isEqualTo("2020-02-01");
        assertThat(from.parse("2019-10-01")).isEqualTo(Instant.parse("2019-10-01T00:00:00Z"));
        assertThat(from.parse("2019-10-01T12:00:00Z")).isEqualTo(Instant.parse("2019-10-01T12:00:00Z"));
    }

    /** A declaration that bypassed {@code declare(...)} would be missing from validation, README and environment. */
    @Test
    void everySettingTheTopologyDeclaresIsListed() throws IllegalAccessException {
        for (Field field : Arrays.stream(TopologySettings.class.getDeclaredFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == Setting.class)
                .toList()) {
            field.setAccessible(true);
            assertThat(TopologySettings.ALL).as(field.getName()).contains((Setting<?>) field.get(null));
        }
        assertThat(TopologySettings.ALL).containsAll(TopologySettings.TOPIC_NAMES);
    }
}
