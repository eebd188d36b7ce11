package dev.payrail.provider.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Bodies that look more or less like charge requests: the interesting neighbourhood of the decoder. */
public final class JsonArbitraries {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonArbitraries() {
    }

    /** Any string at all, including control characters and non-ASCII. */
    public static Arbitrary<String> anyString() {
        return Arbitraries.strings().all().ofMaxLength(300);
    }

    /** JSON objects with the contract's field names and others, holding values of every JSON type. */
    public static Arbitrary<String> chargeLikeObjects() {
        Arbitrary<String> names = Arbitraries.oneOf(
                Arbitraries.of("customerId", "invoiceId", "amount", "currency"),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12));
        Arbitrary<Map<String, Object>> objects = Arbitraries.maps(names, values()).ofMaxSize(6)
                .map(LinkedHashMap::new);
        return objects.map(JsonArbitraries::write);
    }

    /** Charge-like objects, sometimes cut short or with a byte flipped. */
    public static Arbitrary<String> damagedObjects() {
        return Combinators.combine(chargeLikeObjects(), Arbitraries.integers().between(0, 400),
                Arbitraries.chars().all()).as((json, cut, c) -> {
                    int at = Math.min(cut, json.length());
                    return cut % 2 == 0 ? json.substring(0, at)
                            : json.substring(0, at) + c + json.substring(Math.min(at + 1, json.length()));
                });
    }

    private static Arbitrary<Object> values() {
        return Arbitraries.oneOf(
                Arbitraries.of("17", "42", "EUR", "USD", "usd", "XAU", "", "12"),
                Arbitraries.strings().ofMaxLength(70),
                Arbitraries.longs(),
                Arbitraries.longs().between(-5, 100_000_000_000L),
                Arbitraries.doubles(),
                Arbitraries.bigDecimals().between(new BigDecimal("-1e30"), new BigDecimal("1e30")).ofScale(5),
                Arbitraries.of(true, false),
                Arbitraries.just(null),
                Arbitraries.just(List.of(1, "a")),
                Arbitraries.just(Map.of("nested", "x")));
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
