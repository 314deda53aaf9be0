package io.agreementgate.runtime.gate;

/**
 * Start-up cannot go on (a cluster that cannot be reached, topics that do not fit): the message says what and where in
 * one line, so the CLI prints it without a stack trace.
 */
public final class StartupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StartupException(String message) {
        super(message);
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
