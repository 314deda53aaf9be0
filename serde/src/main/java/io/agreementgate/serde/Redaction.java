package io.agreementgate.serde;

import java.util.regex.Pattern;

/**
 * Keeps credentials in URLs out of anything printed, logged or written to Kafka: {@code https://user:secret@host}
 * becomes {@code https://***@host}.
 */
public final class Redaction {
    public static final String MASK = "***";
    private static final Pattern URL_CREDENTIALS = Pattern.compile("(?<=://)[^/@\\s\"'<>]+@");

    private Redaction() {}

    /** {@code text} with the user-info part of every URL in it masked. */
    public static String urls(String text) {
        return text == null ? null : URL_CREDENTIALS.matcher(text).replaceAll(MASK + "@");
    }
}
