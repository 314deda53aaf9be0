package io.agreementgate.serde;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.apache.avro.SystemLimitException;

/**
 * Avro's own decoding limits (Avro 1.12: the system properties {@code org.apache.avro.limits.string.maxLength},
 * {@code bytes.maxLength} and {@code collectionItems.maxLength}, checked for every string, bytes value and
 * array/map block a decoder reads). Avro's defaults are about two billion, so a 59-byte record may claim an array of
 * 197 million nulls and cost seconds of stream thread; with these limits such a record fails at once and is
 * dead-lettered.
 *
 * <p>Avro reads the properties once, when {@link SystemLimitException} is initialised, and keeps them in statics for
 * the whole JVM: setting the properties later changes nothing. {@link #apply} therefore sets them and then asks Avro
 * to read them again (its package-private {@code resetLimits}, the hook Avro's own tests use), so that the gate's
 * settings take effect whenever it starts, in its own process or inside a test JVM that has decoded Avro before.
 */
public final class AvroLimits {
    private AvroLimits() {}

    /**
     * Far above any real order (an id or a name is under a hundred characters, an order has a handful of line items,
     * a customer's agreement state at most a few thousand entries) and far below what hurts: 1 MiB is the broker's
     * default largest record, so only a compressed record could carry a longer string.
     */
    public static final int DEFAULT_MAX_STRING_LENGTH = 1024 * 1024;

    /** Far above any real collection (see {@link #DEFAULT_MAX_STRING_LENGTH}); 100 thousand items read in milliseconds. */
    public static final int DEFAULT_MAX_COLLECTION_ITEMS = 100_000;

    /**
     * Sets Avro's limits for this JVM: strings and bytes values up to {@code maxStringLength} bytes, arrays and maps
     * up to {@code maxCollectionItems} items.
     *
     * @throws IllegalStateException when this Avro version does not let the limits be re-read (then they would
     *     silently stay at Avro's defaults)
     */
    public static synchronized void apply(int maxStringLength, int maxCollectionItems) {
        if (maxStringLength < 1 || maxCollectionItems < 1) {
            throw new IllegalArgumentException(
                    "Avro limits must be positive, got " + maxStringLength + " and " + maxCollectionItems);
        }
        System.setProperty(SystemLimitException.MAX_STRING_LENGTH_PROPERTY, Integer.toString(maxStringLength));
        System.setProperty(SystemLimitException.MAX_BYTES_LENGTH_PROPERTY, Integer.toString(maxStringLength));
        System.setProperty(SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY, Integer.toString(maxCollectionItems));
        try {
            Method reset = SystemLimitException.class.getDeclaredMethod("resetLimits");
            reset.setAccessible(true);
            reset.invoke(null);
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException | RuntimeException e) {
            throw new IllegalStateException(
                    "Cannot apply Avro's decoding limits (SystemLimitException.resetLimits): " + e, e);
        }
    }

    /** Avro's defaults for the gate ({@link #DEFAULT_MAX_STRING_LENGTH}, {@link #DEFAULT_MAX_COLLECTION_ITEMS}). */
    public static void applyDefaults() {
        apply(DEFAULT_MAX_STRING_LENGTH, DEFAULT_MAX_COLLECTION_ITEMS);
    }
}
