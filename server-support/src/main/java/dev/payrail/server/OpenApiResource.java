package dev.payrail.server;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Publishes a server's OpenAPI document, as its build generated it into the class path, at {@code GET /openapi.json}
 * ({@code application/json}) and {@code GET /openapi.yaml} ({@code application/yaml}, RFC 9512). Register it
 * outside authentication: the contract is public. The bytes are read once, when the server is wired, so a jar
 * without its document fails at start-up rather than at the first request; an {@code ETag} lets tools re-fetch
 * it cheaply.
 */
@Path("/")
public final class OpenApiResource {
    /** The media type of the YAML form (RFC 9512). */
    public static final String APPLICATION_YAML = "application/yaml";

    private final Document json;
    private final Document yaml;

    private OpenApiResource(Document json, Document yaml) {
        this.json = json;
        this.yaml = yaml;
    }

    /**
     * The document at {@code base + ".json"} and {@code base + ".yaml"} on {@code loader}'s class path, e.g.
     * {@code META-INF/openapi/openapi} for payment-api's.
     *
     * @throws IllegalStateException naming the missing resource
     */
    public static OpenApiResource fromClassPath(ClassLoader loader, String base) {
        Objects.requireNonNull(loader, "loader");
        Objects.requireNonNull(base, "base");
        return new OpenApiResource(Document.read(loader, base + ".json", MediaType.APPLICATION_JSON_TYPE),
                Document.read(loader, base + ".yaml", MediaType.valueOf(APPLICATION_YAML)));
    }

    @GET
    @Path("openapi.json")
    @Produces(MediaType.APPLICATION_JSON)
    public Response json(@Context Request request) {
        return json.answer(request);
    }

    @GET
    @Path("openapi.yaml")
    @Produces(APPLICATION_YAML)
    public Response yaml(@Context Request request) {
        return yaml.answer(request);
    }

    private record Document(byte[] bytes, MediaType type, EntityTag tag) {
        private static final CacheControl REVALIDATE = CacheControl.valueOf("no-cache");

        static Document read(ClassLoader loader, String name, MediaType type) {
            try (InputStream in = loader.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("OpenAPI document " + name + " is not on the class path");
                }
                byte[] bytes = in.readAllBytes();
                return new Document(bytes, type, new EntityTag(sha256(bytes)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read OpenAPI document " + name, e);
            }
        }

        Response answer(Request request) {
            Response.ResponseBuilder notModified = request.evaluatePreconditions(tag);
            if (notModified != null) {
                return notModified.cacheControl(REVALIDATE).build();
            }
            return Response.ok(bytes, type).tag(tag).cacheControl(REVALIDATE).build();
        }

        private static String sha256(byte[] bytes) {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 16);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is part of every JDK", e);
            }
        }
    }
}
