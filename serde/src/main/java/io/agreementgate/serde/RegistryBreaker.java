package io.agreementgate.serde;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A circuit breaker in front of the registry, so that a registry known to be down or hanging costs a stream thread
 * nothing: while it is open every call fails at once with a transient {@link SchemaRegistryException} (the
 * deserialization handler parks the record), and one call at a time, at most once per {@link #PROBE_INTERVAL}, goes
 * out as a probe. Any answer from the registry, even a late one to a call whose caller stopped waiting, or an error
 * answer such as "schema not found", closes it; a failure to reach it or a 5xx opens it.
 *
 * <p>Why hand-written: three states and a timestamp, where the libraries (Resilience4j, Failsafe) bring their own
 * schedulers and configuration for features the client does not use. Thread-safe (every transition under the
 * monitor; they are rare and short).
 */
final class RegistryBreaker {

    /**
     * How often a probe may go out while the registry fails: a parked record is read again about every quarter second,
     * so a second means it is decided within about a second of the registry answering, at one request a second.
     */
    static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);

    /** A call allowed out; tell the breaker how it ended. */
    final class Ticket {
        private final boolean probe;

        private Ticket(boolean probe) {
            this.probe = probe;
        }

        void answered() {
            synchronized (RegistryBreaker.this) {
                openSince = CLOSED;
                lastFailure = null;
                // Also when a late answer to another call closes it: a probe still hanging must not hold back the next.
                probeInFlight = false;
            }
        }

        void failed(String failure) {
            synchronized (RegistryBreaker.this) {
                long now = clock.getAsLong();
                if (openSince == CLOSED) {
                    openSince = now;
                }
                lastFailure = failure;
                nextProbe = now + PROBE_INTERVAL.toNanos();
                if (probe) {
                    probeInFlight = false;
                }
            }
        }
    }

    private static final long CLOSED = Long.MIN_VALUE;

    private final LongSupplier clock;
    private long openSince = CLOSED;
    private long nextProbe;
    private boolean probeInFlight;
    private String lastFailure;

    RegistryBreaker() {
        this(System::nanoTime);
    }

    RegistryBreaker(LongSupplier nanoClock) {
        this.clock = nanoClock;
    }

    /**
     * Lets a call go out, or fails it at once while the registry is known to be failing.
     *
     * @throws SchemaRegistryException (transient) while open and no probe is due
     */
    synchronized Ticket allow(String what) {
        if (openSince == CLOSED) {
            return new Ticket(false);
        }
        long now = clock.getAsLong();
        if (!probeInFlight && now - nextProbe >= 0) {
            probeInFlight = true;
            return new Ticket(true);
        }
        throw new SchemaRegistryException(
                "Schema registry unavailable for "
                        + Duration.ofNanos(now - openSince).toMillis() + " ms, not called ("
                        + what + "; retried " + (probeInFlight ? "after the probe in flight" : "within a second")
                        + "); last failure: " + lastFailure,
                SchemaRegistryException.NONE,
                SchemaRegistryException.NONE,
                true,
                null);
    }

    /**
     * A caller stopped waiting for an answer; its request goes on and ends in {@link Ticket#answered} or {@link
     * Ticket#failed} later. Opens the breaker meanwhile; a probe stays in flight, so no second one joins a hanging
     * registry.
     */
    synchronized void gaveUp(String failure) {
        long now = clock.getAsLong();
        if (openSince == CLOSED) {
            openSince = now;
        }
        lastFailure = failure;
        nextProbe = now + PROBE_INTERVAL.toNanos();
    }

    synchronized boolean isOpen() {
        return openSince != CLOSED;
    }
}
