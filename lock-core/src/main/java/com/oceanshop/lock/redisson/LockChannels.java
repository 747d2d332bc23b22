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

package com.oceanshop.lock.redisson;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.LongCodec;

/**
 * One lasting subscription per lock channel ({@link RedissonLockLayout#wakeChannel}) and
 * instance, shared by the instance's waiters in the priority line ({@link PriorityGate}).
 * <p>
 * On a hot lock that several instances contend for, each instance has one waiter in Redis
 * at a time (the head of its local queue) and a new one after every transfer; subscribing
 * and unsubscribing for each of them cost two commands per transfer. A channel here stays
 * subscribed while any waiter of this instance listens and for {@link #LINGER} after the
 * last one left, so the next waiter finds it ready and sends nothing; an idle channel is
 * then unsubscribed and forgotten, so nothing per lock outlives its use for longer than
 * that. Redisson re-subscribes a channel after a reconnection, as for any topic; a
 * message lost meanwhile is covered by the waiters' periodic re-check.
 */
final class LockChannels {

	/**
	 * How long a channel stays subscribed after its last waiter stopped listening.
	 */
	static final Duration LINGER = Duration.ofSeconds(1);

	private final RedissonClient redisson;

	private final ConcurrentHashMap<String, Channel> channels = new ConcurrentHashMap<>();

	private volatile long lingerNanos = LINGER.toNanos();

	LockChannels(RedissonClient redisson) {
		this.redisson = redisson;
	}

	/**
	 * Set how long a channel stays subscribed after its last waiter (tests).
	 * @param linger the time
	 */
	void setLinger(Duration linger) {
		this.lingerNanos = linger.toNanos();
	}

	/**
	 * Listen on a channel.
	 * @param channel the channel's name
	 * @param listener what to call with each message
	 * @return the subscription: messages published after its {@link Listening#ready()}
	 * completed reach the listener until it is {@link Listening#close() closed}
	 */
	Listening listen(String channel, Consumer<Object> listener) {
		while (true) {
			Channel current = this.channels.get(channel);
			if (current == null) {
				Channel created = new Channel(channel);
				if (this.channels.putIfAbsent(channel, created) == null) {
					// Its first listener before it subscribes, so that a failure reaches
					// this caller and is not retried here.
					created.add(listener);
					created.subscribe();
					return new Listening(created, listener);
				}
				continue;
			}
			if (current.add(listener)) {
				return new Listening(current, listener);
			}
			// It was closed meanwhile (idle or failed) and is out of the map: a new one.
		}
	}

	/**
	 * Return whether a channel is subscribed now (or being subscribed).
	 * @param channel the channel's name
	 * @return whether this instance keeps a subscription of it
	 */
	boolean isSubscribed(String channel) {
		return this.channels.containsKey(channel);
	}

	/**
	 * One waiter listening on a channel.
	 */
	final class Listening {

		private final Channel channel;

		private final Consumer<Object> listener;

		private Listening(Channel channel, Consumer<Object> listener) {
			this.channel = channel;
			this.listener = listener;
		}

		/**
		 * Return the future that completes once Redis delivers the channel's messages (at
		 * once when the channel was already subscribed), or fails with the subscription's
		 * failure.
		 * @return the future
		 */
		CompletableFuture<?> ready() {
			return this.channel.subscribed;
		}

		/**
		 * Stop listening; the channel is unsubscribed when no waiter has listened on it
		 * for {@link #LINGER}.
		 */
		void close() {
			this.channel.remove(this.listener);
		}

	}

	private final class Channel {

		private final String name;

		private final RTopic topic;

		private final Set<Consumer<Object>> listeners = ConcurrentHashMap.newKeySet();

		private final CompletableFuture<Integer> subscribed = new CompletableFuture<>();

		// Guarded by this.
		private boolean closed;

		// Guarded by this.
		private long idleSinceNanos;

		// Guarded by this: at most one pending idle check per channel.
		private boolean checking;

		Channel(String name) {
			this.name = name;
			this.topic = "spublish".equalsIgnoreCase(RedissonLockLayout.publishCommand(LockChannels.this.redisson))
					? LockChannels.this.redisson.getShardedTopic(name, LongCodec.INSTANCE)
					: LockChannels.this.redisson.getTopic(name, LongCodec.INSTANCE);
		}

		void subscribe() {
			try {
				this.topic.addListenerAsync(Object.class, (channel, message) -> {
					for (Consumer<Object> listener : this.listeners) {
						listener.accept(message);
					}
				}).whenComplete((id, failure) -> {
					if (failure != null) {
						failed(failure);
					}
					else {
						this.subscribed.complete(id);
					}
				});
			}
			catch (RuntimeException ex) {
				failed(ex);
			}
		}

		// Its waiters learn of the failure; later waiters subscribe afresh.
		private void failed(Throwable failure) {
			synchronized (this) {
				this.closed = true;
			}
			LockChannels.this.channels.remove(this.name, this);
			this.subscribed.completeExceptionally(failure);
		}

		synchronized boolean add(Consumer<Object> listener) {
			if (this.closed) {
				return false;
			}
			this.listeners.add(listener);
			return true;
		}

		void remove(Consumer<Object> listener) {
			synchronized (this) {
				if (!this.listeners.remove(listener) || !this.listeners.isEmpty()) {
					return;
				}
				this.idleSinceNanos = System.nanoTime();
				if (this.checking) {
					return;
				}
				this.checking = true;
			}
			checkLater(LockChannels.this.lingerNanos);
		}

		private void checkLater(long delayNanos) {
			CompletableFuture.delayedExecutor(delayNanos, TimeUnit.NANOSECONDS, Runnable::run)
				.execute(this::closeIfIdle);
		}

		// Close the channel once no waiter has listened for the linger time; a channel in
		// use again is checked again when its last waiter leaves.
		private void closeIfIdle() {
			long remaining;
			synchronized (this) {
				this.checking = false;
				if (this.closed || !this.listeners.isEmpty()) {
					return;
				}
				remaining = LockChannels.this.lingerNanos - (System.nanoTime() - this.idleSinceNanos);
				if (remaining > 0) {
					this.checking = true;
				}
				else {
					this.closed = true;
				}
			}
			if (remaining > 0) {
				checkLater(remaining);
				return;
			}
			LockChannels.this.channels.remove(this.name, this);
			this.subscribed.thenAccept((id) -> {
				try {
					this.topic.removeListenerAsync(id);
				}
				catch (RuntimeException ex) {
					// The client is shutting down: its subscriptions go with it.
				}
			});
		}

	}

}
