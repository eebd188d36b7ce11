package dev.payrail.invoice.resources;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;

/**
 * Writes a whole table as one bare JSON array, reading it page by page by key, so memory does not grow with
 * the table.
 */
final class Listing {
    static final int PAGE = 1_000;

    private Listing() {
    }

    /**
     * @param page  the rows after a key, at most {@link #PAGE}
     * @param key   a row's key
     * @param json  a row's wire form
     */
    static <T> StreamingOutput all(ObjectMapper mapper, LongFunction<List<T>> page, ToLongFunction<T> key,
            Function<T, ?> json) {
        return output -> {
            try (JsonGenerator generator = mapper.getFactory().createGenerator(output)) {
                generator.writeStartArray();
                long after = 0;
                List<T> rows;
                do {
                    rows = page.apply(after);
                    for (T row : rows) {
                        mapper.writeValue(generator, json.apply(row));
                    }
                    if (!rows.isEmpty()) {
                        after = key.applyAsLong(rows.get(rows.size() - 1));
                    }
                } while (rows.size() == PAGE);
                generator.writeEndArray();
            }
        };
    }
}
