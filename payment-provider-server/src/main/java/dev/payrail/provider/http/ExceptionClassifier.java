package dev.payrail.provider.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.payrail.payment.api.ErrorCode;
import dev.payrail.payment.api.InvalidFieldException;
import dev.payrail.payment.api.PaymentHeaders;
import dev.payrail.provider.core.ProblemException;
import dev.payrail.provider.db.LedgerUnavailableException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an exception into its problem response. Shared by the exception mappers, so the same cause gives the same
 * answer however Jersey wrapped it; anything unrecognised is left to the catch-all as {@code internal_error}.
 */
final class ExceptionClassifier {
    private static final Logger log = LoggerFactory.getLogger(ExceptionClassifier.class);

    private ExceptionClassifier() {
    }

    /**
     * The response for the most telling exception in the cause chain, if any: a lost client first, then our own
     * problems (Jackson wraps a {@code payload_too_large} thrown by the body stream, for one), then contract
     * violations, then JSON errors, then Jersey's refusals.
     */
    static Optional<Response> classify(Throwable thrown) {
        Optional<ClientGoneException> gone = find(thrown, ClientGoneException.class);
        if (gone.isPresent()) {
            // Nobody is left to read an answer (the connection is closed): a bodiless one keeps Jersey from failing
            // loudly while writing it, and the status keeps the request out of the server-error counts.
            log.info("request abandoned: {}; nothing was processed", gone.get().getMessage());
            return Optional.of(Response.status(ClientGoneException.STATUS).header("Connection", "close").build());
        }
        Optional<ProblemException> problem = find(thrown, ProblemException.class);
        if (problem.isPresent()) {
            return Optional.of(problem(problem.get()));
        }
        Optional<InvalidFieldException> invalid = find(thrown, InvalidFieldException.class);
        if (invalid.isPresent()) {
            return Optional.of(Problems.response(ErrorCode.INVALID_REQUEST, invalid.get().getMessage(),
                    invalid.get().field()));
        }
        Optional<JsonProcessingException> json = find(thrown, JsonProcessingException.class);
        if (json.isPresent()) {
            return Optional.of(json(json.get()));
        }
        if (find(thrown, LedgerUnavailableException.class).isPresent()) {
            return Optional.of(Problems.builder(ErrorCode.UNAVAILABLE, "the ledger is not answering; retry shortly",
                    null).header(PaymentHeaders.RETRY_AFTER, "1").build());
        }
        return find(thrown, WebApplicationException.class)
                .filter(web -> web.getResponse().getStatus() < 500)
                .map(ExceptionClassifier::web);
    }

    private static <T extends Throwable> Optional<T> find(Throwable thrown, Class<T> type) {
        int depth = 0;
        for (Throwable t = thrown; t != null && depth < 20; t = t.getCause(), depth++) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }

    private static Response problem(ProblemException problem) {
        Response.ResponseBuilder builder = Problems.builder(problem.code(), problem.getMessage(), problem.field());
        problem.retryAfterSeconds().ifPresent(seconds -> builder.header(PaymentHeaders.RETRY_AFTER, seconds));
        if (problem.code() == ErrorCode.PAYLOAD_TOO_LARGE) {
            // the rest of an oversized body is never read: the connection cannot be reused
            builder.header("Connection", "close");
        }
        return builder.build();
    }

    private static Response web(WebApplicationException web) {
        Response original = web.getResponse();
        int status = original.getStatus();
        ErrorCode code = switch (status) {
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 406 -> ErrorCode.NOT_ACCEPTABLE;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case 429 -> ErrorCode.RATE_LIMITED;
            default -> ErrorCode.INVALID_REQUEST;
        };
        String detail = switch (code) {
            case NOT_FOUND -> "no resource at this path";
            case METHOD_NOT_ALLOWED -> "this resource does not support the method; allowed: " + allowed(original);
            case NOT_ACCEPTABLE -> "the resource answers application/json or application/problem+json only";
            case UNSUPPORTED_MEDIA_TYPE -> "the body must be application/json";
            default -> web.getMessage() == null ? code.title() : web.getMessage();
        };
        Response.ResponseBuilder builder = Problems.builder(code, detail, null);
        if (code == ErrorCode.METHOD_NOT_ALLOWED && !original.getAllowedMethods().isEmpty()) {
            builder.allow(original.getAllowedMethods());
        }
        return builder.build();
    }

    private static String allowed(Response original) {
        Set<String> methods = original.getAllowedMethods();
        return methods.isEmpty() ? "see Allow" : methods.stream().sorted().collect(Collectors.joining(", "));
    }

    private static Response json(JsonProcessingException e) {
        if (e instanceof ValueInstantiationException instantiation
                && instantiation.getCause() instanceof InvalidFieldException invalid) {
            return Problems.response(ErrorCode.INVALID_REQUEST, invalid.getMessage(), invalid.field());
        }
        String field = e instanceof JsonMappingException mapping ? fieldOf(mapping) : currentName(e);
        String detail;
        if (e instanceof UnrecognizedPropertyException unknown) {
            field = unknown.getPropertyName();
            detail = "unknown field '" + unknown.getPropertyName() + "'";
        } else if (e instanceof InvalidNullException) {
            detail = field + " must not be null";
        } else if (e instanceof MismatchedInputException mismatched) {
            detail = field == null ? "the body must be a JSON object"
                    : field + " must be " + describe(mismatched.getTargetType());
        } else if (e instanceof InputCoercionException) {
            detail = (field == null ? "a number" : field) + " is out of range";
        } else if (e instanceof StreamConstraintsException) {
            detail = "the JSON document exceeds a limit: " + e.getOriginalMessage();
        } else if (e instanceof JsonEOFException) {
            detail = "the JSON document is truncated";
        } else if (e instanceof JsonParseException) {
            detail = "malformed JSON: " + firstLine(e.getOriginalMessage());
        } else {
            detail = "the body does not match the expected JSON"
                    + (field == null ? "" : " at " + field);
        }
        return Problems.response(ErrorCode.INVALID_REQUEST, detail, field);
    }

    private static String fieldOf(JsonMappingException mapping) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : mapping.getPath()) {
            if (reference.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? null : path.toString();
    }

    private static String currentName(JsonProcessingException e) {
        if (e.getProcessor() instanceof com.fasterxml.jackson.core.JsonParser parser) {
            try {
                return parser.getParsingContext() == null ? null : parser.getParsingContext().getCurrentName();
            } catch (RuntimeException ignored) {
                return null;
            }
        }
        return null;
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == long.class || type == Long.class || type == int.class || type == Integer.class) {
            return "an integer";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type.isEnum()) {
            return "one of the allowed values";
        }
        return "a JSON object";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
