package io.agreementgate.topology;

import io.agreementgate.schema.internal.WaitingOrders;

/**
 * Keys of the {@code waiting-orders} store: one entry per waiting order, keyed {@code <length>:<customerId>:<orderId>},
 * so that no customer's entry grows with its count of waiting orders (twelve 95 KB orders of one customer would make a
 * single value past what the broker accepts) and a customer's orders are one prefix scan. The length makes the prefix
 * unambiguous whatever characters customer ids hold.
 *
 * <p>Each entry is a {@link WaitingOrders} holding one order, the value type the store always had: entries written
 * before (one per customer, keyed by the customer id, holding all its orders) still read, are found by {@link
 * #isLegacy}, and are decided like the others.
 */
public final class WaitingKeys {
    private WaitingKeys() {}

    public static String key(String customerId, String orderId) {
        return prefix(customerId) + orderId;
    }

    /** The prefix of every key of this customer's waiting orders. */
    public static String prefix(String customerId) {
        return customerId.length() + ":" + customerId + ":";
    }

    /**
     * The customer id of a store key, for placing a changelog record by its customer (a migration to another
     * partition count): the customer part of a per-order key, or the key itself for an entry written before the
     * per-order layout (which holds its customer's id).
     */
    public static String customerOf(String key) {
        int colon = key.indexOf(':');
        if (colon > 0 && colon <= 10) {
            try {
                int length = Integer.parseInt(key.substring(0, colon));
                int end = colon + 1 + length;
                if (length > 0 && end < key.length() && key.charAt(end) == ':') {
                    return key.substring(colon + 1, end);
                }
            } catch (NumberFormatException notPerOrder) {
                // a customer id of its own: an entry written before the per-order layout
            }
        }
        return key;
    }

    /** An entry written before the per-order layout: keyed by its customer id, possibly with several orders. */
    public static boolean isLegacy(String key, WaitingOrders value) {
        return key.equals(value.getCustomerId());
    }
}
