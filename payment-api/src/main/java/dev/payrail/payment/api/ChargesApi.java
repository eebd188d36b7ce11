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
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
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
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createCharge", summary = "Charge a customer",
            responses = {
                @ApiResponse(responseCode = "201", description = "Charge recorded (SUCCEEDED or DECLINED)",
                        headers = {
                            @Header(name = PaymentHeaders.REQUEST_ID, schema = @Schema(type = "string")),
                            @Header(name = PaymentHeaders.IDEMPOTENT_REPLAYED,
                                    description = "true when this is a stored response", schema = @Schema(type = "boolean"))
                        },
                        content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Charge.class))),
                @ApiResponse(responseCode = "400", description = "invalid_request: names the offending field",
                        content = @Content(mediaType = PaymentHeaders.PROBLEM_JSON, schema = @Schema(implementation = Problem.class))),
                @ApiResponse(responseCode = "401", description = "unauthorized",
                        content = @Content(mediaType = PaymentHeaders.PROBLEM_JSON, schema = @Schema(implementation = Problem.class))),
                @ApiResponse(responseCode = "404", description = "customer_not_found",
                        content = @Content(mediaType = PaymentHeaders.PROBLEM_JSON, schema = @Schema(implementation = Problem.class))),
                @ApiResponse(responseCode = "409", description = "idempotency_key_reused or idempotency_key_in_use",
                        content = @Content(mediaType = PaymentHeaders.PROBLEM_JSON, schema = @Schema(implementation = Problem.class))),
                @ApiResponse(responseCode = "413", description = "payload_too_large (bodies over 64 KiB)",
                        content = @Content(mediaType = PaymentHeaders.PROBLEM_JSON, schema = @Schema(implementation = Problem.class))),
                @ApiResponse(responseCode = "422", description = "currency_mismatch",
                        content = @Content(mediaType = PaymentHeaders.PROBLEM_JSON, schema = @Schema(implementation = Problem.class))),
                @ApiResponse(responseCode = "429", description = "rate_limited; see Retry-After",
                        headers = @Header(name = PaymentHeaders.RETRY_AFTER, schema = @Schema(type = "integer")),
                        content = @Content(mediaType = PaymentHeaders.PROBLEM_JSON, schema = @Schema(implementation = Problem.class))),
                @ApiResponse(responseCode = "503", description = "unavailable; see Retry-After",
                        headers = @Header(name = PaymentHeaders.RETRY_AFTER, schema = @Schema(type = "integer")),
                        content = @Content(mediaType = PaymentHeaders.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
            })
    Response createCharge(
            @Parameter(in = ParameterIn.HEADER, required = true,
                    description = "1 to 255 printable ASCII characters; kept at least 24 hours",
                    schema = @Schema(type = "string", minLength = 1, maxLength = 255))
            @HeaderParam(PaymentHeaders.IDEMPOTENCY_KEY) String idempotencyKey,
            ChargeRequest request);

    /** The charge with this id. */
    @GET
    @Path("{id}")
    @Operation(operationId = "getCharge", summary = "Get a charge",
            responses = {
                @ApiResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
                        schema = @Schema(implementation = Charge.class))),
                @ApiResponse(responseCode = "401", description = "unauthorized",
                        content = @Content(mediaType = PaymentHeaders.PROBLEM_JSON, schema = @Schema(implementation = Problem.class))),
                @ApiResponse(responseCode = "404", description = "charge_not_found",
                        content = @Content(mediaType = PaymentHeaders.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
            })
    Response getCharge(@PathParam("id") String id);

    /**
     * The charge created by the request with this idempotency key: how a client learns the outcome of a call
     * whose response it never received. {@code 404 charge_not_found} means no charge was made with the key;
     * {@code 409 idempotency_key_in_use} means that request is still being processed.
     */
    @GET
    @Operation(operationId = "findChargeByIdempotencyKey", summary = "Find the charge made with an idempotency key",
            responses = {
                @ApiResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
                        schema = @Schema(implementation = Charge.class))),
                @ApiResponse(responseCode = "400", description = "invalid_request: idempotencyKey missing or malformed",
                        content = @Content(mediaType = PaymentHeaders.PROBLEM_JSON, schema = @Schema(implementation = Problem.class))),
                @ApiResponse(responseCode = "401", description = "unauthorized",
                        content = @Content(mediaType = PaymentHeaders.PROBLEM_JSON, schema = @Schema(implementation = Problem.class))),
                @ApiResponse(responseCode = "404", description = "charge_not_found",
                        content = @Content(mediaType = PaymentHeaders.PROBLEM_JSON, schema = @Schema(implementation = Problem.class))),
                @ApiResponse(responseCode = "409", description = "idempotency_key_in_use",
                        content = @Content(mediaType = PaymentHeaders.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
            })
    Response findChargeByIdempotencyKey(@QueryParam("idempotencyKey") String idempotencyKey);
}
