package io.agreementgate.topology.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ContactRulesTest {

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {" ", "\t\n", "\u00a0", "\u00a0\u00a0", "\u2007", "\u202f", "\u3000", "\u2003 \u2009", "\u200b"})
    void shouldTreatNamesOfOnlyUnicodeSpacesAsBlank(String name) {
        assertThat(ContactRules.isBlank(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Ada", "\u00a0Ada\u00a0", "Ł", "李", "O'Neil"})
    void shouldNotTreatNamesWithAVisibleCharacterAsBlank(String name) {
        assertThat(ContactRules.isBlank(name)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ada@contoso.com",
                "name@contoso.example",
                "ada.lovelace+csp@mail.contoso.co.uk",
                "a@b.io",
                "ops@contoso.museum",
                "ada@contoso.xn--p1ai",
                "zoë@bücher.de",
                "o'neil@contoso.dev",
                "x_y-z@sub-domain.contoso.photography"
            })
    void shouldAcceptSyntacticallyValidAddressesWhateverTheirTopLevelDomain(String email) {
        assertThat(ContactRules.isEmailAddress(email)).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "ada@",
                "@contoso.com",
                "ada",
                "ada@contoso",
                "ada@@contoso.com",
                "ada lovelace@contoso.com",
                ".ada@contoso.com",
                "ada.@contoso.com",
                "ada..lovelace@contoso.com",
                "ada@contoso..com",
                "ada@-contoso.com",
                "ada@contoso-.com",
                "ada@contoso.com.",
                "ada@192.168.0.1",
                "ada@[192.0.2.1]",
                "ada@conto_so.com",
                "Ada <ada@contoso.com>"
            })
    void shouldRejectMalformedAddresses(String email) {
        assertThat(ContactRules.isEmailAddress(email)).isFalse();
    }

    @Test
    void shouldRejectALocalPartLongerThan64Characters() {
        assertThat(ContactRules.isEmailAddress("a".repeat(64) + "@contoso.com")).isTrue();
        assertThat(ContactRules.isEmailAddress("a".repeat(65) + "@contoso.com")).isFalse();
    }
}
