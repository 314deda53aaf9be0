package io.agreementgate.runtime.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Takes personal data out of an attestation as the HTTP endpoint shows it: the accepting person's name, email, phone
 * and user id become {@value #MASK}, the email keeps its domain (the customer's company, which support needs to tell
 * attestations apart). Everything else an operator needs (who attested what, when, from which partner) stays.
 */
final class ContactMasking {
    static final String MASK = "***";

    private ContactMasking() {}

    static JsonNode attestation(JsonNode attestation) {
        if (!(attestation instanceof ObjectNode node)) {
            return attestation;
        }
        ObjectNode masked = node.deepCopy();
        if (masked.get("primaryContact") instanceof ObjectNode contact) {
            contact.properties().forEach(field -> {
                if (!field.getValue().isNull()) {
                    contact.put(
                            field.getKey(),
                            masked(field.getKey(), field.getValue().asText()));
                }
            });
        }
        if (masked.hasNonNull("userId")) {
            masked.put("userId", MASK);
        }
        return masked;
    }

    private static String masked(String field, String value) {
        int at = value.lastIndexOf('@');
        if (field.toLowerCase(java.util.Locale.ROOT).contains("email") && at >= 0) {
            return MASK + value.substring(at);
        }
        return MASK;
    }
}
