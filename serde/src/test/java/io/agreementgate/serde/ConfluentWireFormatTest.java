package io.agreementgate.serde;

import static io.agreementgate.serde.Fixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class ConfluentWireFormatTest {

    @Test
    void shouldWriteMagicByteZeroThenSchemaIdBigEndian() throws IOException {
        assertThat(ConfluentWireFormat.header(0x0A0B0C0D)).containsExactly(bytes(0x00, 0x0A, 0x0B, 0x0C, 0x0D));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ConfluentWireFormat.writeHeader(out, 256);
        assertThat(out.toByteArray()).containsExactly(bytes(0x00, 0x00, 0x00, 0x01, 0x00));
        assertThat(ConfluentWireFormat.HEADER_SIZE).isEqualTo(5);
        assertThat(ConfluentWireFormat.MAGIC_BYTE).isZero();
    }

    @Test
    void shouldReadSchemaIdBigEndianWithUnsignedBytes() {
        assertThat(ConfluentWireFormat.readSchemaId(bytes(0x00, 0x00, 0x00, 0x01, 0x2C, 0x06)))
                .isEqualTo(300);
        assertThat(ConfluentWireFormat.readSchemaId(bytes(0x00, 0x7F, 0xFF, 0xFF, 0xFF)))
                .isEqualTo(Integer.MAX_VALUE);
        assertThat(ConfluentWireFormat.readSchemaId(bytes(0x00, 0x00, 0x00, 0x00, 0x80)))
                .isEqualTo(128);
    }

    @Test
    void shouldRejectWrongMagicByteNamingIt() {
        assertThatThrownBy(() -> ConfluentWireFormat.readSchemaId("{\"a\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("magic byte 0x7b");
    }

    @Test
    void shouldRejectInputShorterThanTheHeader() {
        assertThatThrownBy(() -> ConfluentWireFormat.readSchemaId(bytes(0x00, 0x00, 0x01)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("3 byte(s)");
        assertThatThrownBy(() -> ConfluentWireFormat.readSchemaId(new byte[0]))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Too short");
    }
}
