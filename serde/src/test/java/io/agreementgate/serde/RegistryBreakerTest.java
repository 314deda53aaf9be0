package io.agreementgate.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The breaker's states on a clock the test moves. */
class RegistryBreakerTest {
    private static final long PROBE = RegistryBreaker.PROBE_INTERVAL.toNanos();

    private final AtomicLong now = new AtomicLong(1_000);
    private final RegistryBreaker breaker = new RegistryBreaker(now::get);

    @Test
    void shouldFailCallsAtOnceAfterAFailureUntilAProbeIsDueThenLetOneProbeOut() {
        breaker.allow("GET /schemas/ids/1").failed("connection refused");

        assertThatThrownBy(() -> breaker.allow("GET /schemas/ids/2"))
                .isInstanceOfSatisfying(
                        SchemaRegistryException.class,
                        e -> assertThat(e.isTransient()).isTrue())
                .hasMessageContaining("not called (GET /schemas/ids/2")
                .hasMessageContaining("last failure: connection refused");

        now.addAndGet(PROBE);
        RegistryBreaker.Ticket probe = breaker.allow("GET /schemas/ids/2");
        assertThatThrownBy(() -> breaker.allow("GET /schemas/ids/3"))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("after the probe in flight");
        now.addAndGet(10 * PROBE);
        assertThatThrownBy(() -> breaker.allow("GET /schemas/ids/3")).isInstanceOf(SchemaRegistryException.class);

        probe.answered();
        assertThat(breaker.isOpen()).isFalse();
        breaker.allow("GET /schemas/ids/3");
    }

    @Test
    void shouldWaitAnotherIntervalAfterAFailedProbe() {
        breaker.allow("a").failed("refused");
        now.addAndGet(PROBE);
        breaker.allow("probe").failed("refused again");

        assertThatThrownBy(() -> breaker.allow("b")).hasMessageContaining("refused again");
        now.addAndGet(PROBE);
        breaker.allow("next probe");
    }

    @Test
    void shouldOpenWhenACallerStopsWaitingAndCloseOnTheLateAnswer() {
        RegistryBreaker.Ticket slow = breaker.allow("GET /schemas/ids/1");
        breaker.gaveUp("no answer within 2000 ms");

        assertThat(breaker.isOpen()).isTrue();
        assertThatThrownBy(() -> breaker.allow("GET /schemas/ids/1")).hasMessageContaining("no answer within");

        slow.answered();
        assertThat(breaker.isOpen()).isFalse();
    }

    @Test
    void shouldKeepAHangingProbeFromHoldingBackTheNextOnceTheRegistryAnswersAgain() {
        RegistryBreaker.Ticket earlier = breaker.allow("slow call");
        breaker.allow("a").failed("refused");
        now.addAndGet(PROBE);
        RegistryBreaker.Ticket hanging = breaker.allow("probe");
        breaker.gaveUp("no answer");

        earlier.answered();
        breaker.allow("x").failed("refused");
        now.addAndGet(PROBE);

        breaker.allow("new probe while the old one still hangs");
        hanging.failed("timed out");
    }
}
