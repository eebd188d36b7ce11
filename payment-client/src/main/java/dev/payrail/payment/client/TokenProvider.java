package dev.payrail.payment.client;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Supplies the bearer token sent with every request. Called once per request, so implementations cache:
 * a token is minted or read once and reused until it must change.
 *
 * <pre>{@code
 * TokenProvider.of("dev-token");                                        // fixed
 * TokenProvider.fromFile(Path.of("/var/run/secrets/tokens/payments"));  // Kubernetes projected token
 * TokenProvider.fromSupplier(vault::currentPaymentsToken);              // anything else
 * }</pre>
 *
 * <p>If {@link #token()} throws, the call fails with an {@link AuthenticationException} of code
 * {@code token_unavailable} and nothing is sent.
 */
@FunctionalInterface
public interface TokenProvider {

    /**
     * The current token, without the {@code Bearer } prefix.
     *
     * @return a non-blank token
     */
    String token();

    /**
     * Always the same token.
     *
     * @param token the token, not blank
     * @return a provider answering {@code token}
     */
    static TokenProvider of(String token) {
        String checked = Tokens.requireUsable(token, "token");
        return () -> checked;
    }

    /**
     * Asks {@code supplier} on every request; the supplier does its own caching. A {@code null} or blank answer
     * fails the call with an {@link AuthenticationException}.
     *
     * @param supplier called once per request
     * @return a provider delegating to {@code supplier}
     */
    static TokenProvider fromSupplier(Supplier<String> supplier) {
        Objects.requireNonNull(supplier, "supplier == null");
        return () -> Tokens.requireUsable(supplier.get(), "token from supplier");
    }

    /**
     * Reads the token from a file and reads it again whenever the file changes (its modification time, size or
     * identity): the Kubernetes projected service-account token, which the kubelet rotates in place. Unchanged,
     * a call costs one {@code stat}. Surrounding whitespace (the trailing newline) is removed.
     *
     * @param file the token file, readable now and holding a token
     * @return a provider reading {@code file}
     * @throws IllegalArgumentException naming the file when it cannot be read now or holds no token
     */
    static TokenProvider fromFile(Path file) {
        return new FileTokenProvider(Objects.requireNonNull(file, "file == null"));
    }
}
