package dev.payrail.payment.client;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The contract's stubs (payment-api's test-jar, {@code contract/}) served by WireMock. A few show requests the
 * SDK cannot build (an amount of 0, a 70 KiB body); {@link #serveResponseOf} serves their responses to a valid
 * request instead, so the SDK is still tested against the exact response the provider is proven to send.
 */
final class ContractStubs {
    private ContractStubs() {
    }

    static WireMockExtension server() {
        return WireMockExtension.newInstance()
                .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")
                        .usingFilesUnderClasspath("contract")
                        .containerThreads(16))
                // Reloading every stub file after each test costs half a second; tests add uniquely keyed stubs
                // and reset only the request journal.
                .resetOnEachTest(false)
                .build();
    }

    /** Serves the response of stub {@code name} to {@code POST /v1/charges} with {@code Idempotency-Key: key}. */
    static void serveResponseOfChargeStub(WireMockExtension server, String name, String key) {
        server.stubFor(post(urlEqualTo("/v1/charges")).withHeader("Idempotency-Key", equalTo(key))
                .willReturn(ResponseDefinitionBuilder.like(load(name).getResponse())));
    }

    /** Serves the response of stub {@code name} to {@code GET url}. */
    static void serveResponseOf(WireMockExtension server, String name, String url) {
        server.stubFor(get(urlEqualTo(url)).willReturn(ResponseDefinitionBuilder.like(load(name).getResponse())));
    }

    private static StubMapping load(String name) {
        try (InputStream in = ContractStubs.class.getResourceAsStream("/contract/mappings/" + name + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("no contract stub " + name);
            }
            return StubMapping.buildFrom(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
