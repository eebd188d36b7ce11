package dev.payrail.payment.api;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.info.License;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Charges. The provider implements this interface; the SDK derives its calls from it.
 *
 * <p>Methods answer {@link Response} so that status and headers ({@code Request-Id},
 * {@code Idempotent-Replayed}, {@code Retry-After}) are part of the contract, not lost in a proxy.
 * Bodies are {@link Charge} on success and {@link Problem} otherwise.
 */
@OpenAPIDefinition(
        info = @Info(
                title = "payrail payment API",
                version = "1",
                description = "Charges customers' invoices. Every call needs a signed JWT; POST /v1/charges needs an "
                        + "Idempotency-Key, and replays with the same key and body return the stored response.",
                license = @License(name = "Apache-2.0", url = "https://www.apache.org/licenses/LICENSE-2.0")),
        security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
@Path("/v1/charges")
@Produces({MediaType.APPLICATION_JSON, PaymentHeaders.PROBLEM_JSON})
@Tag(name = "charges")
public interface ChargesApi {

    /**
     * Charges a customer. Answers {@code 201} with the charge, succeeded or declined. A replay with the same
     * key and body answers the stored response with {@code Idempotent-Replayed: true}.
     *
     * <p>The answers every payment operation shares (401, 406, 503, and 400, 413, 415 for a body), the
     * {@code default} problem and the headers of every response are added once, by
     * {@code dev.payrail.payment.api.openapi.ContractConventions}, while the document is generated.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createCharge", summary = "Charge a customer",
            description = "Charges a customer for an invoice. The Idempotency-Key makes it safe to retry: the same "
                    + "key with the same body answers the stored response (Idempotent-Replayed: true), with "
                    + "another body 409 idempotency_key_reused.",
            requestBody = @RequestBody(required = true, description = "The charge to make",
                    content = @Content(mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ChargeRequest.class),
                            examples = @ExampleObject(name = "charge", value = "{\"customerId\":\"cust-17\","
                                    + "\"invoiceId\":\"inv-42\",\"amount\":18404,\"currency\":\"USD\"}"))),
            responses = {
                @ApiResponse(responseCode = "201", description = "Charge recorded (SUCCEEDED or DECLINED), or the "
                        + "stored response replayed",
                        content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Charge.class))),
                @ApiResponse(responseCode = "400", description = "`invalid_request`: a field or the Idempotency-Key "
                        + "breaks the contract, the body is not JSON or has unknown fields; `field` names it",
                        content = @Content(mediaType = PaymentHeaders.PROBLEM_JSON, schema = @Schema(implementation = Problem.class))),
                @ApiResponse(responseCode = "404", description = "`customer_not_found`: unknown customer while the "
                        + "provider only charges registered ones",
                        content = @Content(mediaType = PaymentHeaders.PROBLEM_JSON, schema = @Schema(implementation = Problem.class))),
                @ApiResponse(responseCode = "409", description = "`idempotency_key_reused` (the key was used with "
                        + "another body) or `idempotency_key_in_use` (its first request is still being processed: "
                        + "retry later)",
                        content = @Content(mediaType = PaymentHeaders.PROBLEM_JSON, schema = @Schema(implementation = Problem.class))),
                @ApiResponse(responseCode = "422", description = "`currency_mismatch`: the customer is charged in "
                        + "another currency",
                        content = @Content(mediaType = PaymentHeaders.PROBLEM_JSON, schema = @Schema(implementation = Problem.class))),
                @ApiResponse(responseCode = "429", description = "`rate_limited`: retry after `Retry-After` seconds",
                        content = @Content(mediaType = PaymentHeaders.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
            })
    Response createCharge(
            @Parameter(in = ParameterIn.HEADER, required = true,
                    description = "1 to 255 printable ASCII characters, no leading or trailing space; kept at least "
                            + "24 hours. Send the same key when retrying the same charge.",
                    example = "inv-42-1",
                    schema = @Schema(type = "string", minLength = 1, maxLength = IdempotencyKey.MAX_LENGTH,
                            pattern = IdempotencyKey.PATTERN))
            @HeaderParam(PaymentHeaders.IDEMPOTENCY_KEY) String idempotencyKey,
            ChargeRequest request);

    /** The charge with this id. */
    @GET
    @Path("{id}")
    @Operation(operationId = "getCharge", summary = "Get a charge", description = "The charge with this id.",
            responses = {
                @ApiResponse(responseCode = "200", description = "The charge",
                        content = @Content(mediaType = MediaType.APPLICATION_JSON,
                        schema = @Schema(implementation = Charge.class))),
                @ApiResponse(responseCode = "404", description = "`charge_not_found`: no charge has this id",
                        content = @Content(mediaType = PaymentHeaders.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
            })
    Response getCharge(
            @Parameter(description = "The charge's id", example = "ch_018f2c3d4e5f3f9c1d2e8a7b4c5d",
                    schema = @Schema(type = "string", pattern = Charge.CHARGE_ID_PATTERN))
            @PathParam("id") String id);

    /**
     * The charge created by the request with this idempotency key: how a client learns the outcome of a call
     * whose response it never received. {@code 404 charge_not_found} means no charge was made with the key;
     * {@code 409 idempotency_key_in_use} means that request is still being processed.
     */
    @GET
    @Operation(operationId = "findChargeByIdempotencyKey", summary = "Find the charge made with an idempotency key",
            description = "How a client learns the outcome of a charge whose response it never received.",
            responses = {
                @ApiResponse(responseCode = "200", description = "The charge made with this key",
                        content = @Content(mediaType = MediaType.APPLICATION_JSON,
                        schema = @Schema(implementation = Charge.class))),
                @ApiResponse(responseCode = "400", description = "`invalid_request`: idempotencyKey missing or malformed",
                        content = @Content(mediaType = PaymentHeaders.PROBLEM_JSON, schema = @Schema(implementation = Problem.class))),
                @ApiResponse(responseCode = "404", description = "`charge_not_found`: no charge was made with this key "
                        + "(or it expired after 24 hours)",
                        content = @Content(mediaType = PaymentHeaders.PROBLEM_JSON, schema = @Schema(implementation = Problem.class))),
                @ApiResponse(responseCode = "409", description = "`idempotency_key_in_use`: the request with this key "
                        + "is still being processed",
                        content = @Content(mediaType = PaymentHeaders.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
            })
    Response findChargeByIdempotencyKey(
            @Parameter(required = true, description = "The Idempotency-Key the charge was made with",
                    example = "inv-42-1",
                    schema = @Schema(type = "string", minLength = 1, maxLength = IdempotencyKey.MAX_LENGTH,
                            pattern = IdempotencyKey.PATTERN))
            @QueryParam("idempotencyKey") String idempotencyKey);
}
