import static io.github.recur.Recur.*;

import io.github.recur.io.SafeTensors;
import io.github.recur.model.Model;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Wrote before_recurrent_dropout.recur and its predictions with Recur at commit 64c7aae (main before recurrent
 * dropout, whose files have no recurrent_dropout key): check that commit out, build it, and run
 * {@code java -cp dsl/target/classes:<its class path> WriteBeforeRecurrentDropout.java <this directory>}.
 * ModelFileTest loads the file with the current code.
 */
public class WriteBeforeRecurrentDropout {
    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.rand(DataType.FLOAT, 8, 6, 3).subi(0.5), y = Nd4j.rand(DataType.FLOAT, 8, 2);
        Model m = sequential(input(6, 3), bidirectional(lstm(4).returnSequences()), gru(3).returnSequences(), simpleRnn(3, "relu"), dense(2)).seed(5);
        m.compile(adam(1e-2), mse());
        m.fit(x, y, epochs(2), batchSize(4), verbose(false));
        m.save(dir.resolve("before_recurrent_dropout.recur"));
        var t = new LinkedHashMap<String, INDArray>();
        t.put("x", x);
        t.put("prediction", m.predict(x));
        SafeTensors.write(dir.resolve("before_recurrent_dropout_prediction.safetensors"), t);
    }
}
