package io.agreementgate.topology.config;

import java.util.Objects;

/**
 * A setting an operator may give, declared once: its key, its default as the operator would write it (null: none),
 * and what it does. Readers, validation, environment-variable mapping and README's settings table all start here.
 */
public record Setting(String key, String defaultValue, String doc) {
    public Setting {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(doc, "doc");
    }
}
