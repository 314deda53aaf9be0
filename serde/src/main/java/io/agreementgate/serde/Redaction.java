package io.agreementgate.serde;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of anything printed, logged or written to Kafka: credentials in URLs ({@code
 * https://user:secret@host} becomes {@code https://***@host}) and the values of settings that hold secrets.
 */
public final class Redaction {
    public static final String MASK = "***";
    private static final Pattern URL_CREDENTIALS = Pattern.compile("(?<=://)[^/@\\s\"'<>]+@");

    private Redaction() {}

    /** {@code text} with the user-info part of every URL in it masked. */
    public static String urls(String text) {
        return text == null ? null : URL_CREDENTIALS.matcher(text).replaceAll(MASK + "@");
    }

    /** True for settings whose value is a secret: passwords, JAAS configs, basic-auth user info, tokens, keys. */
    public static boolean isSecretKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password")
                || k.contains("jaas")
                || k.contains("user.info")
                || k.contains("token")
                || k.contains("secret")
                || k.endsWith(".key")
                || k.contains("credentials");
    }

    /** The value of {@code key} as it may be shown: masked for a secret, URL credentials masked otherwise. */
    public static String value(String key, String value) {
        return isSecretKey(key) ? MASK : urls(value);
    }
}
