package dev.payrail.payment.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/**
 * Writes the payment-api request records as JSON. The client's only entity provider: responses are read as
 * bytes and parsed by {@link Exchange}, which keeps every parse failure inside the client.
 */
@Produces(MediaType.APPLICATION_JSON)
final class JsonBodyWriter implements MessageBodyWriter<Object> {
    private final ObjectMapper json;

    JsonBodyWriter(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type.isRecord() && type.getPackageName().equals("dev.payrail.payment.api")
                && MediaType.APPLICATION_JSON_TYPE.isCompatible(mediaType);
    }

    @Override
    public void writeTo(Object value, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, Object> httpHeaders, OutputStream entityStream) throws IOException {
        json.writeValue(entityStream, value);
    }
}
