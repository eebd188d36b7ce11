package dev.payrail.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Which service this process is, as its logs ({@code service.name}, {@code service.version}) and its spans (the
 * OpenTelemetry resource) say it: each server ships {@value #RESOURCE} with its name and the Maven version, and
 * {@code OTEL_SERVICE_NAME}, the variable OpenTelemetry reads, renames it for both.
 *
 * @param name    e.g. {@code payment-provider}
 * @param version e.g. {@code 0.1.0-SNAPSHOT}
 */
public record ServiceIdentity(String name, String version) {
    /** The class-path resource naming the service: {@code service.name} and {@code service.version}. */
    public static final String RESOURCE = "META-INF/payrail/service.properties";
    private static final ServiceIdentity UNKNOWN = new ServiceIdentity("payrail", "unknown");

    public ServiceIdentity {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
    }

    /** The first {@value #RESOURCE} on the class path (one per fat jar), renamed by {@code OTEL_SERVICE_NAME}. */
    public static ServiceIdentity of(Map<String, String> env) {
        ServiceIdentity shipped = UNKNOWN;
        URL resource = ServiceIdentity.class.getClassLoader().getResource(RESOURCE);
        if (resource != null) {
            Properties properties = new Properties();
            try (InputStream in = resource.openStream()) {
                properties.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
            shipped = new ServiceIdentity(properties.getProperty("service.name", UNKNOWN.name()),
                    properties.getProperty("service.version", UNKNOWN.version()));
        }
        String renamed = env.get("OTEL_SERVICE_NAME");
        return renamed == null || renamed.isBlank() ? shipped : new ServiceIdentity(renamed.trim(), shipped.version());
    }
}
