package io.agreementgate.topology.policy;

import java.net.IDN;
import java.util.regex.Pattern;

/**
 * The spec's words for contact data, as code: "blank" counts every Unicode space (a name of U+00A0 is blank, which
 * {@link String#isBlank()} does not see), and an e-mail address is checked for syntax only, so a well-formed address at
 * a reserved or newly delegated top-level domain is valid (no allow-list of TLDs to go stale).
 */
public final class ContactRules {
    /** RFC 5322 dot-atom local part; non-ASCII letters allowed as in RFC 6531 (internationalised addresses). */
    private static final Pattern LOCAL_PART =
            Pattern.compile("[\\p{L}\\p{N}!#$%&'*+/=?^_`{|}~-]+(\\.[\\p{L}\\p{N}!#$%&'*+/=?^_`{|}~-]+)*");
    /** An LDH label (RFC 1035/5890), after IDN conversion to ASCII. */
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    private static final int MAX_LOCAL_PART = 64;
    private static final int MAX_DOMAIN = 253;

    private ContactRules() {}

    /** Null, empty, or only spaces of any kind: whitespace, Unicode space separators and invisible format marks. */
    public static boolean isBlank(String s) {
        return s == null || s.codePoints().allMatch(ContactRules::isSpaceLike);
    }

    /**
     * {@code local-part@domain} with a dot-atom local part and a domain of at least two labels whose last is not
     * numeric. Quoted local parts and address literals ({@code [192.0.2.1]}) are not accepted: Partner Center does
     * not produce them and a person cannot be reached through them in practice.
     */
    public static boolean isEmailAddress(String s) {
        if (s == null) {
            return false;
        }
        int at = s.lastIndexOf('@');
        if (at <= 0 || at == s.length() - 1) {
            return false;
        }
        String local = s.substring(0, at);
        return local.length() <= MAX_LOCAL_PART && LOCAL_PART.matcher(local).matches() && isDomain(s.substring(at + 1));
    }

    private static boolean isDomain(String domain) {
        String ascii;
        try {
            ascii = IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (ascii.isEmpty() || ascii.length() > MAX_DOMAIN || ascii.endsWith(".")) {
            return false;
        }
        String[] labels = ascii.split("\\.", -1);
        if (labels.length < 2) {
            return false;
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return !labels[labels.length - 1].chars().allMatch(Character::isDigit);
    }

    private static boolean isSpaceLike(int codePoint) {
        return Character.isWhitespace(codePoint)
                || Character.isSpaceChar(codePoint)
                || Character.getType(codePoint) == Character.FORMAT;
    }
}
