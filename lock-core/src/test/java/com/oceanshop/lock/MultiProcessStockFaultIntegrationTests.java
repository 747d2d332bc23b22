/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package com.oceanshop.lock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.LongCodec;

import com.oceanshop.lock.test.JvmProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault: three JVMs with 50 buyer threads each buy from a stock of 500 units, and one JVM
 * is killed with SIGKILL mid-run, possibly while holding the lock. Figure: units sold and
 * time to sell out. Pass: sold never exceeds the stock, and stock plus sold stays 500.
 */
class MultiProcessStockFaultIntegrationTests {

	@RegisterExtension
	static final TestRedisson redis = TestRedisson.standalone();

	@Test
	void killingABuyerProcessMidRunNeverOversells() throws Exception {
		String product = "PROD-FAULT";
		int initial = 500;
		RedissonClient redisson = redis.client();
		redisson.getBucket("{stock:" + product + "}:units", LongCodec.INSTANCE).set((long) initial);
		long start = System.nanoTime();
		List<JvmProcess> buyers = new ArrayList<>();
		try {
			for (int i = 0; i < 3; i++) {
				buyers.add(JvmProcess.start(StockBuyerMain.class, redis.standaloneTopology().uri(), product, "50"));
			}
			JvmProcess victim = buyers.get(0);
			FaultFigures.await("the first buyer process sold 20 units", Duration.ofSeconds(60),
					() -> victim.outputLines().stream().filter("SOLD"::equals).count() >= 20);
			victim.kill();
			long soldByVictim = victim.outputLines().stream().filter("SOLD"::equals).count();
			for (JvmProcess buyer : buyers.subList(1, buyers.size())) {
				assertThat(buyer.waitFor(Duration.ofSeconds(120))).as(buyer.output()).isZero();
			}
			long units = redisson.<Long>getBucket("{stock:" + product + "}:units", LongCodec.INSTANCE).get();
			long sold = redisson.getAtomicLong("{stock:" + product + "}:sold").get();
			FaultFigures.print("7 multi-process stock",
					"3 JVMs x 50 threads, stock " + initial + ", one JVM killed after selling " + soldByVictim
							+ " units; sold " + sold + ", left " + units + ", in " + FaultFigures.millisSince(start)
							+ " ms");
			assertThat(sold).isLessThanOrEqualTo(initial);
			assertThat(sold + units).isEqualTo(initial);
			assertThat(units).isZero();
		}
		finally {
			buyers.forEach(JvmProcess::close);
		}
	}

}
