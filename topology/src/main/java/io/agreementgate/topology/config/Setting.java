package io.agreementgate.topology.config;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A setting an operator may give, declared once: its key, the kind of value it takes, its default as the operator
 * would write it (null: none), what it does, and the parser that turns the text into the typed value or refuses it.
 * Validation, the typed options start-up receives, README's settings table and the environment variable all follow
 * from the declaration: the topology's are in {@link TopologySettings}, the runtime's beside the runtime's options.
 *
 * @param type what README's settings table says the value is ("ms", "integer &gt; 0", ...)
 * @param parser gets the value trimmed, or the default when none is given, or "" when there is neither; throws with a
 *     reason a person can act on
 */
public record Setting<T>(String key, String type, String defaultValue, String doc, Parser<T> parser) {

    /** Text to value; a {@link RuntimeException} says why the text is wrong. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(String raw);
    }

    public Setting {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(doc, "doc");
        Objects.requireNonNull(parser, "parser");
    }

    /**
     * The typed value of {@code given} (null: not given, so the default).
     *
     * @throws IllegalArgumentException naming the key and the value
     */
    public T parse(String given) {
        String raw = given != null ? given.trim() : defaultValue != null ? defaultValue : "";
        try {
            return parser.parse(raw);
        } catch (RuntimeException e) {
            String why = e instanceof NumberFormatException ? "not a number" : e.getMessage();
            throw new IllegalArgumentException("invalid value '" + raw + "' for " + key + ": " + why, e);
        }
    }

    /** The typed value this setting has in {@code settings}, its default when absent. */
    public T from(Map<String, String> settings) {
        return parse(settings.get(key));
    }

    /** Text that must not be blank. */
    public static Setting<String> text(String key, String defaultValue, String doc) {
        return new Setting<>(key, "text", defaultValue, doc, Setting::nonBlank);
    }

    /** Text that may be left unset (blank counts as unset). */
    public static Setting<Optional<String>> optionalText(String key, String doc) {
        return new Setting<>(key, "text", null, doc, raw -> raw.isEmpty() ? Optional.empty() : Optional.of(raw));
    }

    public static Setting<Boolean> bool(String key, boolean defaultValue, String doc) {
        return new Setting<>(
                key, "true/false", Boolean.toString(defaultValue), doc, raw -> switch (raw.toLowerCase(Locale.ROOT)) {
                    case "true", "yes", "on" -> true;
                    case "false", "no", "off" -> false;
                    default -> throw new IllegalArgumentException("expected true or false");
                });
    }

    public static Setting<Integer> positiveInt(String key, int defaultValue, String doc) {
        return new Setting<>(
                key, "integer > 0", Integer.toString(defaultValue), doc, raw -> positive(Integer.parseInt(raw)));
    }

    /** Milliseconds, zero allowed. */
    public static Setting<Duration> millis(String key, Duration defaultValue, String doc) {
        return new Setting<>(key, "ms", Long.toString(defaultValue.toMillis()), doc, raw -> {
            Duration millis = Duration.ofMillis(Long.parseLong(raw));
            if (millis.isNegative()) {
                throw new IllegalArgumentException("must be zero or positive");
            }
            return millis;
        });
    }

    /** Milliseconds above zero. */
    public static Setting<Duration> positiveMillis(String key, Duration defaultValue, String doc) {
        return new Setting<>(
                key,
                "ms > 0",
                Long.toString(defaultValue.toMillis()),
                doc,
                raw -> Duration.ofMillis(positive(Long.parseLong(raw))));
    }

    /** A date (midnight UTC) or a full ISO-8601 instant; the default is written as a date. */
    public static Setting<Instant> instant(String key, Instant defaultValue, String doc) {
        return new Setting<>(
                key,
                "date or instant",
                defaultValue.atOffset(ZoneOffset.UTC).toLocalDate().toString(),
                doc,
                raw -> {
                    try {
                        return Instant.parse(raw);
                    } catch (DateTimeParseException notAnInstant) {
                        return LocalDate.parse(raw).atStartOfDay().toInstant(ZoneOffset.UTC);
                    }
                });
    }

    public static String nonBlank(String raw) {
        if (raw.isBlank()) {
            throw new IllegalArgumentException("must not be empty");
        }
        return raw;
    }

    public static <N extends Number> N positive(N n) {
        if (n.longValue() <= 0) {
            throw new IllegalArgumentException("must be positive");
        }
        return n;
    }
}
