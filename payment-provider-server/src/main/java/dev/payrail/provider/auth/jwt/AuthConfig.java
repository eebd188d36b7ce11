package dev.payrail.provider.auth.jwt;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How the provider authenticates callers, read from the environment and validated at start-up.
 *
 * <p>Authentication is on unless {@code AUTH_DISABLED=true}; then {@code AUTH_JWKS} and {@code AUTH_ISSUER} are
 * required. {@code AUTH_JWKS} is a JWK Set file or an {@code https} URL (plain {@code http} only for loopback hosts,
 * which tests use). {@code AUTH_JWKS_CA_FILE} and {@code AUTH_JWKS_BEARER_TOKEN_FILE} apply to URLs only: the CA
 * that signs the JWK Set server's certificate and a bearer token sent when fetching it (the Kubernetes API server's
 * {@code /openid/v1/jwks} with the pod's own service-account token and CA).
 *
 * @param disabled         {@code AUTH_DISABLED=true}: every request passes (a warning is logged at start-up)
 * @param jwks             {@code AUTH_JWKS}: file path or URL of the JWK Set; {@code null} when disabled
 * @param issuer           {@code AUTH_ISSUER}: the exact {@code iss} required; {@code null} when disabled
 * @param audience         {@code AUTH_AUDIENCE}: a value {@code aud} must contain (default {@code payment-provider})
 * @param allowedSubjects  {@code AUTH_ALLOWED_SUBJECTS}: comma-separated; empty means any subject
 * @param jwksCaFile       {@code AUTH_JWKS_CA_FILE}: PEM CA bundle trusted for an https {@code AUTH_JWKS}
 * @param jwksBearerTokenFile {@code AUTH_JWKS_BEARER_TOKEN_FILE}: token file, re-read on each fetch
 */
public record AuthConfig(
        boolean disabled,
        String jwks,
        String issuer,
        String audience,
        Set<String> allowedSubjects,
        Optional<Path> jwksCaFile,
        Optional<Path> jwksBearerTokenFile) {

    public static final String DEFAULT_AUDIENCE = "payment-provider";

    public AuthConfig {
        Objects.requireNonNull(audience, "audience == null");
        allowedSubjects = Set.copyOf(Objects.requireNonNull(allowedSubjects, "allowedSubjects == null"));
        Objects.requireNonNull(jwksCaFile, "jwksCaFile == null");
        Objects.requireNonNull(jwksBearerTokenFile, "jwksBearerTokenFile == null");
        if (!disabled) {
            Objects.requireNonNull(jwks, "jwks == null");
            Objects.requireNonNull(issuer, "issuer == null");
        }
    }

    /** Authentication switched off, for an explicit {@code AUTH_DISABLED=true}. */
    public static AuthConfig disabledConfig() {
        return new AuthConfig(true, null, null, DEFAULT_AUDIENCE, Set.of(), Optional.empty(), Optional.empty());
    }

    /** Verification against a JWK Set file or URL. */
    public static AuthConfig enabled(String jwks, String issuer, String audience, Set<String> allowedSubjects) {
        return new AuthConfig(false, jwks, issuer, audience, allowedSubjects, Optional.empty(), Optional.empty());
    }

    /**
     * Reads and validates the {@code AUTH_*} variables.
     *
     * @throws AuthConfigException with one plain line naming the variable and the bad value
     */
    public static AuthConfig fromEnvironment(Map<String, String> env) {
        String disabledValue = trimmed(env, "AUTH_DISABLED");
        boolean disabled = switch (disabledValue == null ? "false" : disabledValue.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new AuthConfigException(
                    "AUTH_DISABLED=" + disabledValue + " is not a boolean: use true or false");
        };
        if (disabled) {
            return disabledConfig();
        }
        String jwks = required(env, "AUTH_JWKS", "a JWK Set file path or https URL");
        String issuer = required(env, "AUTH_ISSUER", "the exact 'iss' of accepted tokens, e.g. invoice-app");
        String audience = Optional.ofNullable(trimmed(env, "AUTH_AUDIENCE")).orElse(DEFAULT_AUDIENCE);
        Set<String> subjects = Optional.ofNullable(trimmed(env, "AUTH_ALLOWED_SUBJECTS"))
                .map(value -> Arrays.stream(value.split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .collect(Collectors.toCollection(LinkedHashSet::new)))
                .map(s -> (Set<String>) s)
                .orElse(Set.of());
        Optional<Path> caFile = optionalFile(env, "AUTH_JWKS_CA_FILE");
        Optional<Path> bearerTokenFile = optionalFile(env, "AUTH_JWKS_BEARER_TOKEN_FILE");

        if (isUrl(jwks)) {
            validateUrl(jwks);
        } else {
            Path file = path("AUTH_JWKS", jwks);
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new AuthConfigException("AUTH_JWKS=" + jwks + " is not a readable file");
            }
            if (caFile.isPresent() || bearerTokenFile.isPresent()) {
                throw new AuthConfigException("AUTH_JWKS_CA_FILE and AUTH_JWKS_BEARER_TOKEN_FILE apply only to an"
                        + " https AUTH_JWKS, but AUTH_JWKS=" + jwks + " is a file");
            }
        }
        return new AuthConfig(false, jwks, issuer, audience, subjects, caFile, bearerTokenFile);
    }

    /** Whether {@link #jwks()} names a URL rather than a file. */
    public boolean jwksIsUrl() {
        return jwks != null && isUrl(jwks);
    }

    private static boolean isUrl(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        return lower.startsWith("https://") || lower.startsWith("http://");
    }

    private static void validateUrl(String jwks) {
        URI uri;
        try {
            uri = new URI(jwks);
        } catch (URISyntaxException e) {
            throw new AuthConfigException("AUTH_JWKS=" + jwks + " is not a valid URL: " + e.getReason());
        }
        if (uri.getHost() == null) {
            throw new AuthConfigException("AUTH_JWKS=" + jwks + " has no host");
        }
        if ("http".equalsIgnoreCase(uri.getScheme()) && !isLoopback(uri.getHost())) {
            throw new AuthConfigException("AUTH_JWKS=" + jwks
                    + " must use https: keys fetched over plain http could be swapped in transit");
        }
    }

    static boolean isLoopback(String host) {
        return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]") || host.equals("::1");
    }

    private static Optional<Path> optionalFile(Map<String, String> env, String name) {
        String value = trimmed(env, name);
        if (value == null) {
            return Optional.empty();
        }
        Path file = path(name, value);
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new AuthConfigException(name + "=" + value + " is not a readable file");
        }
        return Optional.of(file);
    }

    private static Path path(String name, String value) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new AuthConfigException(name + "=" + value + " is not a valid path: " + e.getReason());
        }
    }

    private static String required(Map<String, String> env, String name, String what) {
        String value = trimmed(env, name);
        if (value == null) {
            throw new AuthConfigException(name + " is required (" + what
                    + "); set AUTH_DISABLED=true to run without authentication");
        }
        return value;
    }

    private static String trimmed(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        return value.trim();
    }
}
