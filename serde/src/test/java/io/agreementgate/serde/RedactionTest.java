package io.agreementgate.serde;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactionTest {
    @Test
    void shouldMaskCredentialsInEveryUrlOfAText() {
        assertThat(Redaction.urls("cannot use https://gate:s3cret@registry:8081/subjects or http://u:p@b:1, only c"))
                .isEqualTo("cannot use https://***@registry:8081/subjects or http://***@b:1, only c");
    }

    @Test
    void shouldLeaveUrlsWithoutCredentialsAsTheyAre() {
        assertThat(Redaction.urls("http://registry:8081/subjects/a@b-value"))
                .isEqualTo("http://registry:8081/subjects/a@b-value");
    }
}
