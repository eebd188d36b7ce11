package dev.payrail.provider.legacy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.payrail.payment.api.ChargeRequest;
import dev.payrail.payment.api.CurrencyCode;
import dev.payrail.payment.api.ErrorCode;
import dev.payrail.payment.api.IdempotencyKey;
import dev.payrail.payment.api.InvalidFieldException;
import dev.payrail.provider.core.ChargeResponse;
import dev.payrail.provider.core.ChargeService;
import dev.payrail.provider.core.ProblemException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two APIs this provider replaces, for clients that cannot change ({@code LEGACY_API=true}; unauthenticated,
 * so never expose it beyond a trusted network). Both book through the same ledger and rules as {@code /v1}, and,
 * like {@code /v1/charges}, neither holds a request thread while the ledger commits: the answer is sent from the
 * thread that completes the commit (a blocking wait here starved the pool that delivers those completions).
 *
 * <ul>
 * <li>{@code POST /payments/pay} {@code {"id":"I1","value":12.15,"currency":"EUR"}}: the idempotency key is
 *     {@code legacy-pay:<id>}, so paying the same id twice answers the first outcome; the charge is booked on the
 *     pseudo-customer {@code legacy-pay-<currency>}. {@code 200 {"id":"I1"}} on success, {@code 402
 *     {"error":"declined: <code>","id":"I1"}} on a decline, {@code 400 {"error":"..."}} on bad input,
 *     {@code 409} when the id was paid with different details.</li>
 * <li>{@code POST /rest/v1/charge} {@code {"currency":"USD","value":301.99,"customer_id":1}}: every call is a new
 *     charge (the old API had no key); {@code 200 {"result":true|false}}; {@code 404} for an unknown customer,
 *     {@code 422} for a currency mismatch, {@code 400} on bad input; errors are {@code {"error":"..."}}. A request
 *     without a usable currency (Antaeus sends {@code "currency":{}}) is booked in the customer's currency
 *     ({@link InferredCurrencies}).</li>
 * </ul>
 * Values are decimal major units converted exactly (more decimals than the currency has is bad input); unknown
 * fields are ignored, as the old servers did.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public final class LegacyResource {
    private static final Logger log = LoggerFactory.getLogger(LegacyResource.class);
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final ObjectMapper LENIENT = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final ChargeService service;
    private final InferredCurrencies inferred;

    public LegacyResource(ChargeService service, InferredCurrencies inferred) {
        this.service = Objects.requireNonNull(service, "service");
        this.inferred = Objects.requireNonNull(inferred, "inferred");
    }

    @POST
    @Path("payments/pay")
    public CompletionStage<Response> pay(byte[] body) {
        String id;
        CompletableFuture<ChargeResponse> charged;
        try {
            JsonNode json = parse(body);
            id = identifier(json, "id");
            String currency = currency(json);
            long amount = minorUnits(json, currency);
            charged = service.createAsync(IdempotencyKey.of("legacy-pay:" + id),
                    new ChargeRequest("legacy-pay-" + currency, id, amount, currency));
        } catch (InvalidFieldException e) {
            return done(error(400, e.getMessage()));
        } catch (ProblemException e) {
            return done(problem(e));
        }
        return charged.handle((response, failure) -> {
            if (failure != null) {
                return payFailed(id, unwrap(failure));
            }
            JsonNode charge = read(response);
            if (charge == null) {
                return error(500, "the stored charge for id " + id + " cannot be read");
            }
            if ("SUCCEEDED".equals(charge.path("status").asText())) {
                return answer(200, object().put("id", id));
            }
            return answer(402, object().put("error", "declined: " + charge.path("declineCode").asText())
                    .put("id", id));
        });
    }

    @POST
    @Path("rest/v1/charge")
    public CompletionStage<Response> charge(byte[] body) {
        CompletableFuture<ChargeResponse> charged;
        boolean currencyInferred;
        try {
            JsonNode json = parse(body);
            String customerId = customerId(json);
            currencyInferred = InferredCurrencies.namesNoCurrency(json.get("currency"));
            String currency = currencyInferred ? inferred.currencyOf(customerId, service::findCustomer)
                    : currency(json);
            long amount;
            try {
                amount = minorUnits(json, currency);
            } catch (InvalidFieldException e) {
                JsonNode value = json.path("value");
                if (!currencyInferred || !value.isNumber() || value.decimalValue().signum() <= 0) {
                    throw e;
                }
                // A value the customer's currency cannot hold (227.43 for a JPY customer): not the caller's
                // mistake, since it named no currency, so it is a refusal it can act on, not bad input.
                log.warn("legacy charge for customer {} refused: {}", customerId, e.getMessage());
                return done(answer(200, object().put("result", false)));
            }
            String reference = UUID.randomUUID().toString();
            charged = service.createAsync(IdempotencyKey.of("legacy-charge:" + reference),
                    new ChargeRequest(customerId, "legacy-" + reference, amount, currency));
        } catch (InvalidFieldException e) {
            return done(error(400, e.getMessage()));
        } catch (ProblemException e) {
            return done(problem(e));
        }
        return charged.handle((response, failure) -> {
            if (failure != null) {
                return chargeFailed(unwrap(failure), currencyInferred);
            }
            JsonNode charge = read(response);
            if (charge == null) {
                return error(500, "the stored charge cannot be read");
            }
            return answer(200, object().put("result", "SUCCEEDED".equals(charge.path("status").asText())));
        });
    }

    private static Response payFailed(String id, Throwable failure) {
        if (!(failure instanceof ProblemException problem)) {
            return error(500, "the charge for id " + id + " failed: " + failure);
        }
        if (problem.code() == ErrorCode.UNAVAILABLE) {
            // The key is the caller's own id: paying it again is safe and answers the first outcome once known.
            return withRetryAfter(error(503, "the outcome of paying id " + id + " is not known yet ("
                    + problem.getMessage().split(";", 2)[0] + "); pay the same id again: it is charged at most"
                    + " once and answers the first outcome"), problem);
        }
        return problem(problem);
    }

    private static Response chargeFailed(Throwable failure, boolean currencyInferred) {
        if (!(failure instanceof ProblemException problem)) {
            return error(500, "the charge failed: " + failure);
        }
        if (problem.code() == ErrorCode.UNAVAILABLE) {
            // This API has no idempotency key, and a key made up here would mean nothing to the caller: the answer
            // says plainly that the outcome is unknown and what paying again means.
            return withRetryAfter(error(503, "the outcome of this charge is unknown ("
                    + problem.getMessage().split(";", 2)[0] + "); this API has no idempotency key, so charging"
                    + " again may charge twice (POST /v1/charges with an Idempotency-Key retries safely)"), problem);
        }
        if (currencyInferred && problem.code() == ErrorCode.CURRENCY_MISMATCH) {
            // Only a race with a registration in another currency gets here; the caller named no currency.
            log.warn("legacy charge without a currency refused: {}", problem.getMessage());
            return answer(200, object().put("result", false));
        }
        return problem(problem);
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    private static JsonNode read(ChargeResponse response) {
        try {
            return LENIENT.readTree(response.body());
        } catch (IOException e) {
            return null;
        }
    }

    private static CompletionStage<Response> done(Response response) {
        return CompletableFuture.completedFuture(response);
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new InvalidFieldException("body", "a JSON body is required");
        }
        try {
            JsonNode json = LENIENT.readTree(body);
            if (json == null || !json.isObject()) {
                throw new InvalidFieldException("body", "the body must be a JSON object");
            }
            return json;
        } catch (JsonProcessingException e) {
            throw new InvalidFieldException("body", "malformed JSON");
        } catch (IOException e) {
            throw new InvalidFieldException("body", "unreadable body");
        }
    }

    private static String identifier(JsonNode json, String field) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            throw new InvalidFieldException(field, field + " is required");
        }
        if (!node.isTextual() || !IDENTIFIER.matcher(node.asText()).matches()) {
            throw new InvalidFieldException(field,
                    field + " must be a string of 1 to 64 characters of A-Z, a-z, 0-9, '.', '_', ':' or '-'");
        }
        return node.asText();
    }

    private static String customerId(JsonNode json) {
        JsonNode node = json.get("customer_id");
        if (node != null && node.isIntegralNumber() && node.canConvertToLong() && node.asLong() >= 0) {
            return Long.toString(node.asLong());
        }
        if (node != null && node.isTextual() && IDENTIFIER.matcher(node.asText()).matches()) {
            return node.asText();
        }
        throw new InvalidFieldException("customer_id", "customer_id must be a non-negative integer or an id string");
    }

    private static String currency(JsonNode json) {
        JsonNode node = json.get("currency");
        if (node == null || !node.isTextual()) {
            throw new InvalidFieldException("currency", "currency must be an ISO 4217 code such as \"EUR\"");
        }
        return CurrencyCode.requireValid("currency", node.asText());
    }

    /** The decimal {@code value} in minor units, exactly: 12.15 EUR is 1215; 12.151 EUR is refused. */
    static long minorUnits(JsonNode json, String currency) {
        JsonNode node = json.get("value");
        if (node == null || !node.isNumber()) {
            throw new InvalidFieldException("value", "value must be a decimal number such as 12.15");
        }
        BigDecimal value = node.decimalValue();
        int digits = CurrencyCode.minorUnitDigits(currency);
        if (value.signum() <= 0) {
            throw new InvalidFieldException("value", "value must be positive, was " + value.toPlainString());
        }
        if (value.stripTrailingZeros().scale() > digits) {
            throw new InvalidFieldException("value", "value " + value.toPlainString() + " has more decimals than "
                    + currency + " has minor units (" + digits + ")");
        }
        BigDecimal minor = value.movePointRight(digits);
        if (minor.compareTo(BigDecimal.valueOf(ChargeRequest.MAX_AMOUNT)) > 0) {
            throw new InvalidFieldException("value", "value " + value.toPlainString() + " is too large");
        }
        return minor.longValueExact();
    }

    private static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    private static Response answer(int status, ObjectNode body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body.toString()).build();
    }

    private static Response error(int status, String message) {
        return answer(status, object().put("error", message));
    }

    private static Response withRetryAfter(Response response, ProblemException e) {
        e.retryAfterSeconds().ifPresent(seconds -> response.getHeaders().putSingle("Retry-After", seconds));
        return response;
    }

    private static Response problem(ProblemException e) {
        Response.ResponseBuilder builder = Response.status(e.code().status()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(object().put("error", e.getMessage()).toString());
        e.retryAfterSeconds().ifPresent(seconds -> builder.header("Retry-After", seconds));
        if (e.code() == ErrorCode.INVALID_REQUEST) {
            builder.status(400);
        }
        return builder.build();
    }
}
