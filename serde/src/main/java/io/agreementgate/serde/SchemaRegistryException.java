package io.agreementgate.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A failed schema registry call. It is a {@link SerializationException} so that it flows through Kafka's (de)
 * serialization error handling like any other undecodable record; {@link #isTransient()} lets a handler tell "the
 * registry is down, retry later" apart from "this record can never be decoded".
 */
public class SchemaRegistryException extends SerializationException {

    /** Marks an absent HTTP status or registry error code. */
    public static final int NONE = -1;

    private final int httpStatus;
    private final int errorCode;
    private final boolean transientFailure;

    public SchemaRegistryException(String message) {
        this(message, NONE, NONE, false, null);
    }

    public SchemaRegistryException(String message, Throwable cause) {
        this(message, NONE, NONE, false, cause);
    }

    public SchemaRegistryException(
            String message, int httpStatus, int errorCode, boolean transientFailure, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
        this.transientFailure = transientFailure;
    }

    /** The HTTP status the registry answered with, or {@link #NONE}. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The registry's {@code error_code} (e.g. 40401 subject not found, 40403 schema not found), or {@link #NONE}. */
    public int errorCode() {
        return errorCode;
    }

    /** True when the registry could not be reached or failed on its side (5xx): the same call may work later. */
    public boolean isTransient() {
        return transientFailure;
    }
}
