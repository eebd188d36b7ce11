package dev.payrail.payment.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenProviderTest {
    @TempDir
    Path dir;

    @Test
    void fixedTokenIsAlwaysTheSame() {
        assertThat(TokenProvider.of("abc").token()).isEqualTo("abc");
        assertThatThrownBy(() -> TokenProvider.of(" ")).hasMessage("token is blank");
        assertThatThrownBy(() -> TokenProvider.of("two words")).hasMessageContaining("without spaces");
    }

    @Test
    void supplierIsAskedEachTimeAndBlankAnswersAreRefused() {
        String[] next = {"one"};
        TokenProvider tokens = TokenProvider.fromSupplier(() -> next[0]);

        assertThat(tokens.token()).isEqualTo("one");
        next[0] = "two";
        assertThat(tokens.token()).isEqualTo("two");
        next[0] = null;
        assertThatThrownBy(tokens::token).hasMessage("token from supplier is null");
    }

    @Test
    void fileTokenIsTrimmedAndReReadWhenTheFileChanges() throws IOException {
        Path file = Files.writeString(dir.resolve("token"), "first-token\n");
        TokenProvider tokens = TokenProvider.fromFile(file);
        assertThat(tokens.token()).isEqualTo("first-token");

        Files.writeString(file, "second-token-longer\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));

        assertThat(tokens.token()).isEqualTo("second-token-longer");
    }

    @Test
    void fileTokenIsReReadWhenKubernetesSwapsTheSymlink() throws IOException {
        // The kubelet writes a new timestamped directory and atomically repoints ..data at it.
        Path first = Files.createDirectory(dir.resolve("..2026_11_21_10_00"));
        Files.writeString(first.resolve("token"), "aaaa");
        Path data = Files.createSymbolicLink(dir.resolve("..data"), first.getFileName());
        Path token = Files.createSymbolicLink(dir.resolve("token"), Path.of("..data/token"));
        TokenProvider tokens = TokenProvider.fromFile(token);
        assertThat(tokens.token()).isEqualTo("aaaa");

        Path second = Files.createDirectory(dir.resolve("..2026_11_21_11_00"));
        Files.writeString(second.resolve("token"), "bbbb");
        Files.setLastModifiedTime(second.resolve("token"), Files.getLastModifiedTime(first.resolve("token")));
        Path swap = Files.createSymbolicLink(dir.resolve("..data_tmp"), second.getFileName());
        Files.move(swap, data, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

        assertThat(tokens.token()).as("same size and time, new file identity").isEqualTo("bbbb");
    }

    @Test
    void unchangedFileIsNotReadAgain() throws IOException {
        Path file = Files.writeString(dir.resolve("token"), "aaaa");
        FileTime written = Files.getLastModifiedTime(file);
        TokenProvider tokens = TokenProvider.fromFile(file);

        // Same size, same modification time, same file: the cached token is served without reading.
        Files.writeString(file, "bbbb");
        Files.setLastModifiedTime(file, written);

        assertThat(tokens.token()).isEqualTo("aaaa");
    }

    @Test
    void unusableFileIsRefusedAtOnceNamingIt() throws IOException {
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> TokenProvider.fromFile(missing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("token file " + missing + " cannot be used: NoSuchFileException");
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        assertThatThrownBy(() -> TokenProvider.fromFile(empty)).hasMessageContaining("is blank");
    }

    @Test
    void fileDeletedLaterFailsTheCallNotTheApplication() throws IOException {
        Path file = Files.writeString(dir.resolve("token"), "aaaa");
        TokenProvider tokens = TokenProvider.fromFile(file);
        Files.delete(file);

        assertThatThrownBy(tokens::token).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot be read");
    }
}
