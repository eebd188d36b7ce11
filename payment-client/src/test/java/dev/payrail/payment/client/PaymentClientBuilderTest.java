package dev.payrail.payment.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PaymentClientBuilderTest {

    @Test
    void nullBaseUriIsRejectedAtOnce() {
        assertThatThrownBy(() -> PaymentClient.builder().baseUri(null))
                .isInstanceOf(NullPointerException.class).hasMessage("baseUri == null");
    }

    @Test
    void relativeBaseUriIsRejectedAtOnce() {
        assertThatThrownBy(() -> PaymentClient.builder().baseUri(URI.create("payment-provider:9000/v1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http or https");
        assertThatThrownBy(() -> PaymentClient.builder().baseUri(URI.create("/v1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("baseUri must be absolute (http://host:port), was /v1");
        assertThatThrownBy(() -> PaymentClient.builder().baseUri(URI.create("http://provider:9000/?debug=1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("query");
    }

    @Test
    void buildNamesTheMissingRequiredSetting() {
        assertThatThrownBy(() -> PaymentClient.builder().tokenProvider(TokenProvider.of("t")).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("baseUri is required: call baseUri(URI) before build()");
        assertThatThrownBy(() -> PaymentClient.builder().baseUri(URI.create("http://127.0.0.1:9")).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("tokenProvider is required");
    }

    @Test
    void settingsOutOfRangeAreRejectedNamingTheValue() {
        PaymentClient.Builder builder = PaymentClient.builder();

        assertThatThrownBy(() -> builder.maxRetries(-1)).hasMessage("maxRetries must be between 0 and 10, was -1");
        assertThatThrownBy(() -> builder.maxConnections(0)).hasMessageContaining("was 0");
        assertThatThrownBy(() -> builder.readTimeout(Duration.ZERO))
                .hasMessage("readTimeout must be between 1 ms and 10 min, was 0 ms");
        assertThatThrownBy(() -> builder.connectTimeout(null)).hasMessage("connectTimeout == null");
        assertThatThrownBy(() -> builder.retryBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessage("initial backoff 2000 ms must not exceed max backoff 1000 ms");
        assertThatThrownBy(() -> builder.tokenProvider(null)).hasMessage("tokenProvider == null");
    }

    @Test
    void clientDescribesItsSettingsWithoutTheToken() {
        try (PaymentClient client = PaymentClient.builder()
                .baseUri(URI.create("http://127.0.0.1:9"))
                .tokenProvider(TokenProvider.of("s3cr3t"))
                .maxRetries(4)
                .build()) {
            assertThat(client.baseUri()).isEqualTo(URI.create("http://127.0.0.1:9"));
            assertThat(client.toString())
                    .isEqualTo("PaymentClient{baseUri=http://127.0.0.1:9, connectTimeout=2000 ms, "
                            + "readTimeout=10000 ms, maxRetries=4, retryBackoff=500..5000 ms, maxConnections=64}")
                    .doesNotContain("s3cr3t");
        }
    }
}
