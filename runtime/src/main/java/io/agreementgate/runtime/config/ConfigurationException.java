package io.agreementgate.runtime.config;

/** A setting that is wrong: the message names the key (and where it was set) in one line a person can act on. */
public final class ConfigurationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
