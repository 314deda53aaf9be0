package io.agreementgate.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agreementgate.topology.config.Setting;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimeSettingsTest {

    /** A declaration that bypassed {@code declare(...)} would be missing from validation, README and environment. */
    @Test
    void everySettingTheRuntimeDeclaresIsListed() throws IllegalAccessException {
        for (Field field : Arrays.stream(RuntimeSettings.class.getDeclaredFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == Setting.class)
                .toList()) {
            assertThat(RuntimeSettings.ALL).as(field.getName()).contains((Setting<?>) field.get(null));
        }
    }

    @Test
    void optionsCarryEveryRuntimeSettingTypedAsDeclared() {
        GateOptions options = GateOptions.of(Map.of("gate.health.stall.ms", "5000"));

        assertThat(options.get(RuntimeSettings.HEALTH_STALL)).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.get(RuntimeSettings.HEALTH_GRACE)).isEqualTo(Duration.ofMinutes(1));
        assertThat(options.get(RuntimeSettings.TOPICS_REPLICATION_FACTOR)).isEmpty();
        RuntimeSettings.ALL.forEach(setting -> assertThat(options.get(setting))
                .as(setting.key())
                .isEqualTo(options.settings().get(setting)));
    }

    @Test
    void aSettingThatIsNotTheRuntimesIsNotAnOption() {
        Setting<String> stranger = Setting.text("gate.stranger", "x", "not declared");
        assertThatThrownBy(() -> GateOptions.of(Map.of()).get(stranger))
                .hasMessageContaining("gate.stranger is not one of the runtime's settings");
    }
}
