package dev.payrail.provider.resources;

import dev.payrail.payment.api.ChargeRequest;
import dev.payrail.payment.api.ChargesApi;
import dev.payrail.payment.api.ErrorCode;
import dev.payrail.payment.api.IdempotencyKey;
import dev.payrail.payment.api.InvalidFieldException;
import dev.payrail.payment.api.PaymentHeaders;
import dev.payrail.provider.core.ChargeResponse;
import dev.payrail.provider.core.ChargeService;
import dev.payrail.provider.core.ProblemException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** {@link ChargesApi} over the {@link ChargeService}: HTTP in, HTTP out, no rules of its own. */
public final class ChargesResource implements ChargesApi {
    private static final String QUERY_KEY = "idempotencyKey";

    private final ChargeService service;

    public ChargesResource(ChargeService service) {
        this.service = Objects.requireNonNull(service, "service");
    }

    @Override
    public Response createCharge(String idempotencyKey, ChargeRequest request) {
        IdempotencyKey key = IdempotencyKey.of(idempotencyKey);
        if (request == null) {
            throw new InvalidFieldException("body", "a JSON charge request body is required");
        }
        CompletableFuture<ChargeResponse> charged = service.createAsync(key, request);
        if (charged.isDone()) { // a replay answered from memory, or a write refused at once
            try {
                return toHttp(charged.join());
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
        // The request thread does not wait for the group commit: Jersey suspends a request whose response entity
        // is a CompletionStage and resumes it on the thread that completes the stage (the ledger's completion
        // threads). Its exception mappers get the ProblemException itself, which is why the stage is completed by
        // hand rather than by thenApply (that would wrap failures in a CompletionException).
        CompletableFuture<Response> response = new CompletableFuture<>();
        charged.whenComplete((charge, failure) -> {
            if (failure != null) {
                response.completeExceptionally(failure);
            } else {
                response.complete(toHttp(charge));
            }
        });
        return Response.ok(response).build();
    }

    private static Response toHttp(ChargeResponse response) {
        // Bytes, not the String: Jersey writes a String through a fresh 8 KiB encoder buffer per response, which
        // was a fifth of everything the provider allocated under load.
        Response.ResponseBuilder builder = Response.status(response.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(response.body().getBytes(StandardCharsets.UTF_8));
        if (response.replayed()) {
            builder.header(PaymentHeaders.IDEMPOTENT_REPLAYED, "true");
        }
        return builder.build();
    }

    @Override
    public Response getCharge(String id) {
        return service.findCharge(id)
                .map(charge -> Response.ok(charge, MediaType.APPLICATION_JSON_TYPE).build())
                .orElseThrow(() -> ProblemException.of(ErrorCode.CHARGE_NOT_FOUND, "no charge with id " + id));
    }

    @Override
    public Response findChargeByIdempotencyKey(String idempotencyKey) {
        IdempotencyKey key;
        try {
            key = IdempotencyKey.of(idempotencyKey);
        } catch (InvalidFieldException e) {
            throw new InvalidFieldException(QUERY_KEY, e.getMessage().replace(PaymentHeaders.IDEMPOTENCY_KEY
                    + " header", QUERY_KEY).replace(PaymentHeaders.IDEMPOTENCY_KEY, QUERY_KEY));
        }
        return service.findByIdempotencyKey(key)
                .map(charge -> Response.ok(charge, MediaType.APPLICATION_JSON_TYPE).build())
                .orElseThrow(() -> ProblemException.of(ErrorCode.CHARGE_NOT_FOUND,
                        "no charge was made with idempotencyKey " + key.value()
                                + " (or the key expired after 24 hours)"));
    }
}
