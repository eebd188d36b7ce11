package dev.payrail.provider.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.ext.ContextResolver;
import java.util.Objects;

/** Hands Jersey's Jackson provider our strict mapper. */
public final class ObjectMapperResolver implements ContextResolver<ObjectMapper> {
    private final ObjectMapper mapper;

    public ObjectMapperResolver(ObjectMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    @Override
    public ObjectMapper getContext(Class<?> type) {
        return mapper;
    }
}
