package dev.payrail.payment.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.payrail.payment.api.Charge;
import dev.payrail.payment.api.ChargeRequest;
import dev.payrail.payment.api.ChargesApi;
import dev.payrail.payment.api.Customer;
import dev.payrail.payment.api.CustomerRegistration;
import dev.payrail.payment.api.CustomersApi;
import dev.payrail.payment.api.ErrorCode;
import dev.payrail.payment.api.IdempotencyKey;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * The payment provider over HTTP. Thread-safe: build one per provider, share it, and close it when the
 * application stops (it holds a pool of connections).
 *
 * <pre>{@code
 * try (PaymentClient payments = PaymentClient.builder()
 *         .baseUri(URI.create("http://payment-provider.payments.svc.cluster.local:9000"))
 *         .tokenProvider(TokenProvider.fromFile(Path.of("/var/run/secrets/tokens/payments")))
 *         .build()) {
 *     Charge charge = payments.charge(
 *             new ChargeRequest("17", "42", 18404, "USD"),   // customer, invoice, amount in cents, currency
 *             IdempotencyKey.of("inv-42-1"));                // invoice 42, first payment attempt
 *     if (charge.succeeded()) {
 *         // mark invoice 42 paid
 *     }
 * } catch (PaymentUnavailableException e) {
 *     // outcome unknown: payments.findByIdempotencyKey(IdempotencyKey.of("inv-42-1")) resolves it later
 * }
 * }</pre>
 *
 * <p>Calls are derived from the payment-api interfaces ({@link ChargesApi}, {@link CustomersApi}): each operation's
 * JAX-RS annotations are resolved once, when the client is built, into the method, path, headers and body it
 * sends, so the client cannot drift from the provider; requests go over pooled connections (Apache HttpClient 5). Failures are retried where that is safe, always with the same idempotency key; see
 * {@link Builder#maxRetries(int)}. Every failure is a {@link PaymentException}.
 */
public final class PaymentClient implements Payments, AutoCloseable {
    private final URI baseUri;
    private final Transport transport;
    private final Endpoint.Binary<String, ChargeRequest> createCharge;
    private final Endpoint.Unary<String> findChargeByIdempotencyKey;
    private final Endpoint.Unary<String> getCharge;
    private final Endpoint.Binary<String, CustomerRegistration> registerCustomer;
    private final Endpoint.Unary<String> getCustomer;
    private final Exchange exchange;
    private final Retrier retrier;
    private final Builder settings;
    private volatile boolean closed;

    private PaymentClient(Builder builder) {
        this.settings = builder.copy();
        this.baseUri = builder.baseUri;
        ObjectMapper json = Exchange.objectMapper();
        this.createCharge = Endpoint.binary(ChargesApi.class, ChargesApi::createCharge, baseUri, json);
        this.findChargeByIdempotencyKey =
                Endpoint.unary(ChargesApi.class, ChargesApi::findChargeByIdempotencyKey, baseUri, json);
        this.getCharge = Endpoint.unary(ChargesApi.class, ChargesApi::getCharge, baseUri, json);
        this.registerCustomer = Endpoint.binary(CustomersApi.class, CustomersApi::registerCustomer, baseUri, json);
        this.getCustomer = Endpoint.unary(CustomersApi.class, CustomersApi::getCustomer, baseUri, json);
        this.transport = new Transport(baseUri, builder.connectTimeout, builder.readTimeout, builder.maxConnections);
        this.exchange = new Exchange(transport, builder.tokenProvider, json);
        this.retrier = new Retrier(builder.maxRetries, builder.initialBackoff, builder.maxBackoff,
                builder.nanoClock, builder.sleeper, builder.random);
    }

    /**
     * A builder with the defaults: connect timeout 2 s, read timeout 10 s, 2 retries, backoff 500 ms to 5 s,
     * 64 connections. {@link Builder#baseUri(URI)} and {@link Builder#tokenProvider(TokenProvider)} are required.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The provider's base URI, as configured.
     *
     * @return the base URI
     */
    public URI baseUri() {
        return baseUri;
    }

    @Override
    public Charge charge(ChargeRequest request, IdempotencyKey key) {
        Objects.requireNonNull(request, "request == null");
        Objects.requireNonNull(key, "key == null");
        ensureOpen();
        return retrier.callCharging(key.value(),
                () -> exchange.send(() -> createCharge.request(key.value(), request), Charge.class));
    }

    @Override
    public Optional<Charge> findByIdempotencyKey(IdempotencyKey key) {
        Objects.requireNonNull(key, "key == null");
        ensureOpen();
        return retrier.call(key.value(), () -> exchange.find(
                () -> findChargeByIdempotencyKey.request(key.value()), Charge.class, ErrorCode.CHARGE_NOT_FOUND));
    }

    @Override
    public Optional<Charge> findCharge(String chargeId) {
        requireText(chargeId, "chargeId");
        ensureOpen();
        return retrier.call(null, () -> exchange.find(
                () -> getCharge.request(chargeId), Charge.class, ErrorCode.CHARGE_NOT_FOUND));
    }

    @Override
    public Customer registerCustomer(String customerId, String currency) {
        requireText(customerId, "customerId");
        CustomerRegistration registration = new CustomerRegistration(currency);
        ensureOpen();
        // PUT is idempotent: a repeated registration in the same currency answers the existing customer.
        return retrier.call(null, () -> exchange.send(
                () -> registerCustomer.request(customerId, registration), Customer.class));
    }

    @Override
    public Optional<Customer> findCustomer(String customerId) {
        requireText(customerId, "customerId");
        ensureOpen();
        return retrier.call(null, () -> exchange.find(
                () -> getCustomer.request(customerId), Customer.class, ErrorCode.CUSTOMER_NOT_FOUND));
    }

    /** Closes the connection pool. Calls made afterwards throw {@link IllegalStateException}. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            transport.close();
        }
    }

    @Override
    public String toString() {
        return "PaymentClient{baseUri=" + baseUri + ", connectTimeout=" + settings.connectTimeout.toMillis()
                + " ms, readTimeout=" + settings.readTimeout.toMillis() + " ms, maxRetries=" + settings.maxRetries
                + ", retryBackoff=" + settings.initialBackoff.toMillis() + ".." + settings.maxBackoff.toMillis()
                + " ms, maxConnections=" + settings.maxConnections + "}";
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("PaymentClient for " + baseUri + " is closed");
        }
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, () -> name + " == null");
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " is blank");
        }
    }

    /**
     * Configures a {@link PaymentClient}. Each setter checks its argument at once; {@link #build()} names a
     * missing required setting. Not thread-safe; the client it builds is.
     *
     * <table>
     *   <caption>Settings</caption>
     *   <tr><th>Setting</th><th>Default</th><th>Range</th></tr>
     *   <tr><td>{@link #baseUri(URI)}</td><td>required</td><td>absolute http or https URI</td></tr>
     *   <tr><td>{@link #tokenProvider(TokenProvider)}</td><td>required</td><td></td></tr>
     *   <tr><td>{@link #connectTimeout(Duration)}</td><td>2 s</td><td>1 ms to 10 min</td></tr>
     *   <tr><td>{@link #readTimeout(Duration)}</td><td>10 s</td><td>1 ms to 10 min</td></tr>
     *   <tr><td>{@link #maxRetries(int)}</td><td>2</td><td>0 to 10</td></tr>
     *   <tr><td>{@link #retryBackoff(Duration, Duration)}</td><td>500 ms, 5 s</td><td>1 ms to 10 min, initial &le; max</td></tr>
     *   <tr><td>{@link #maxConnections(int)}</td><td>64</td><td>1 to 10000</td></tr>
     * </table>
     */
    public static final class Builder {
        private static final Duration MAX_DURATION = Duration.ofMinutes(10);

        private URI baseUri;
        private TokenProvider tokenProvider;
        private Duration connectTimeout = Duration.ofSeconds(2);
        private Duration readTimeout = Duration.ofSeconds(10);
        private int maxRetries = 2;
        private Duration initialBackoff = Duration.ofMillis(500);
        private Duration maxBackoff = Duration.ofSeconds(5);
        private int maxConnections = 64;
        private LongSupplier nanoClock = System::nanoTime;
        private Retrier.Sleeper sleeper = Retrier.THREAD_SLEEPER;
        private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();

        private Builder() {
        }

        /**
         * Where the provider is, for example {@code http://payment-provider:9000}; a path is kept as a prefix.
         *
         * @param baseUri an absolute {@code http} or {@code https} URI with a host, without query or fragment
         * @return this builder
         */
        public Builder baseUri(URI baseUri) {
            Objects.requireNonNull(baseUri, "baseUri == null");
            if (!baseUri.isAbsolute()) {
                throw new IllegalArgumentException("baseUri must be absolute (http://host:port), was " + baseUri);
            }
            String scheme = baseUri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException("baseUri must be http or https, was " + baseUri);
            }
            if (baseUri.getHost() == null) {
                throw new IllegalArgumentException("baseUri has no host, was " + baseUri);
            }
            if (baseUri.getRawQuery() != null || baseUri.getRawFragment() != null) {
                throw new IllegalArgumentException("baseUri must not have a query or fragment, was " + baseUri);
            }
            this.baseUri = baseUri;
            return this;
        }

        /**
         * Supplies the bearer token of every request.
         *
         * @param tokenProvider for example {@link TokenProvider#fromFile}
         * @return this builder
         */
        public Builder tokenProvider(TokenProvider tokenProvider) {
            this.tokenProvider = Objects.requireNonNull(tokenProvider, "tokenProvider == null");
            return this;
        }

        /**
         * How long to wait for a connection to be established (and for a pooled connection to be free).
         *
         * @param connectTimeout 1 ms to 10 min
         * @return this builder
         */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = requireDuration(connectTimeout, "connectTimeout");
            return this;
        }

        /**
         * How long to wait for response data; a call that times out is retried with the same idempotency key.
         *
         * @param readTimeout 1 ms to 10 min
         * @return this builder
         */
        public Builder readTimeout(Duration readTimeout) {
            this.readTimeout = requireDuration(readTimeout, "readTimeout");
            return this;
        }

        /**
         * How many times a failed call is repeated when that is safe: after connection failures, timeouts,
         * {@code 409 idempotency_key_in_use}, {@code 429} and {@code 5xx}; never after other answers.
         *
         * @param maxRetries 0 (never retry) to 10
         * @return this builder
         */
        public Builder maxRetries(int maxRetries) {
            if (maxRetries < 0 || maxRetries > 10) {
                throw new IllegalArgumentException("maxRetries must be between 0 and 10, was " + maxRetries);
            }
            this.maxRetries = maxRetries;
            return this;
        }

        /**
         * The wait before the first retry, doubled for each further one up to {@code max}, with jitter (between
         * half and all of it). A {@code Retry-After} from the provider is honoured up to {@code max}.
         *
         * @param initial 1 ms to 10 min
         * @param max     at least {@code initial}, at most 10 min
         * @return this builder
         */
        public Builder retryBackoff(Duration initial, Duration max) {
            requireDuration(initial, "initial backoff");
            requireDuration(max, "max backoff");
            if (initial.compareTo(max) > 0) {
                throw new IllegalArgumentException("initial backoff " + initial.toMillis()
                        + " ms must not exceed max backoff " + max.toMillis() + " ms");
            }
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        /**
         * The size of the connection pool: at most this many calls are in flight at once; more wait up to the
         * connect timeout for a connection.
         *
         * @param maxConnections 1 to 10000
         * @return this builder
         */
        public Builder maxConnections(int maxConnections) {
            if (maxConnections < 1 || maxConnections > 10_000) {
                throw new IllegalArgumentException("maxConnections must be between 1 and 10000, was " + maxConnections);
            }
            this.maxConnections = maxConnections;
            return this;
        }

        /** For tests: the clock that measures how long a call took. */
        Builder nanoClock(LongSupplier nanoClock) {
            this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock == null");
            return this;
        }

        /** For tests: what waits between attempts. */
        Builder sleeper(Retrier.Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper == null");
            return this;
        }

        /** For tests: the source of jitter, values in [0, 1). */
        Builder random(DoubleSupplier random) {
            this.random = Objects.requireNonNull(random, "random == null");
            return this;
        }

        /**
         * A client with these settings.
         *
         * @return a new client; close it when done
         * @throws IllegalStateException naming the first required setting that is missing
         */
        public PaymentClient build() {
            if (baseUri == null) {
                throw new IllegalStateException("baseUri is required: call baseUri(URI) before build()");
            }
            if (tokenProvider == null) {
                throw new IllegalStateException("tokenProvider is required: call tokenProvider(TokenProvider) "
                        + "before build(), for example TokenProvider.fromFile(path)");
            }
            return new PaymentClient(this);
        }

        private Builder copy() {
            Builder copy = new Builder();
            copy.baseUri = baseUri;
            copy.tokenProvider = tokenProvider;
            copy.connectTimeout = connectTimeout;
            copy.readTimeout = readTimeout;
            copy.maxRetries = maxRetries;
            copy.initialBackoff = initialBackoff;
            copy.maxBackoff = maxBackoff;
            copy.maxConnections = maxConnections;
            copy.nanoClock = nanoClock;
            copy.sleeper = sleeper;
            copy.random = random;
            return copy;
        }

        private static Duration requireDuration(Duration value, String name) {
            Objects.requireNonNull(value, () -> name + " == null");
            if (value.compareTo(Duration.ofMillis(1)) < 0 || value.compareTo(MAX_DURATION) > 0) {
                throw new IllegalArgumentException(name + " must be between 1 ms and 10 min, was "
                        + value.toMillis() + " ms");
            }
            return value;
        }
    }
}
