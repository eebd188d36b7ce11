package dev.payrail.payment.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UtcInstantDeserializerTest {
    private final ObjectMapper json = Exchange.objectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-21T10:15:30Z", "2026-11-21T10:15:30.1Z", "2026-11-21T10:15:30.12Z",
        "2026-11-21T10:15:30.123Z", "2026-11-21T10:15:30.123456Z", "2026-11-21T10:15:30.123456789Z",
        "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
        "2024-02-29T12:00:00Z"})
    void readsWhatInstantParseReads(String text) throws Exception {
        assertThat(UtcInstantDeserializer.parseUtc(text)).isEqualTo(Instant.parse(text));
        assertThat(json.readValue("\"" + text + "\"", Instant.class)).isEqualTo(Instant.parse(text));
    }

    @Test
    void readsEveryInstantAsItsOwnToStringWrites() {
        Random random = new Random(42);
        for (int i = 0; i < 10_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_167_219_200L, 253_402_300_800L),
                    switch (i % 4) {
                        case 0 -> 0;
                        case 1 -> random.nextInt(1000) * 1_000_000;
                        case 2 -> random.nextInt(1_000_000) * 1000;
                        default -> random.nextInt(1_000_000_000);
                    });
            assertThat(UtcInstantDeserializer.parseUtc(instant.toString())).isEqualTo(instant);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-21T10:15:30+01:00", "2026-11-21T10:15:30.Z", "2026-11-21 10:15:30Z",
        "2026-13-21T10:15:30Z", "2026-02-30T10:15:30Z", "2026-11-21T24:00:00Z", "2026-11-21T23:59:60Z",
        "2026-11-21T10:15:30.1234567890Z", "+12026-11-21T10:15:30Z", "2026-11-21T10:15:3xZ", ""})
    void leavesEveryOtherFormToTheGeneralParser(String text) {
        assertThat(UtcInstantDeserializer.parseUtc(text)).isNull();
    }

    @Test
    void otherFormsAreReadOrRefusedAsJacksonDoes() throws Exception {
        assertThat(json.readValue("\"2026-11-21T11:15:30+01:00\"", Instant.class))
                .isEqualTo(Instant.parse("2026-11-21T10:15:30Z"));
        assertThat(json.readValue("1795297000", Instant.class)).isEqualTo(Instant.ofEpochSecond(1_795_297_000L));
        assertThatThrownBy(() -> json.readValue("\"2026-02-30T10:15:30Z\"", Instant.class))
                .isInstanceOf(JsonMappingException.class);
    }
}
