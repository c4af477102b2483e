-- Hand-written: Prisma cannot express a generated column.
-- 'simple' lowercases and splits without stemming or stop words, so it treats every language alike
-- (an English stemmer would mangle French or German words and drop English stop words as noise).
-- A deleted message has body '' and so an empty vector: it can never match.
ALTER TABLE "Message" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (to_tsvector('simple', "body")) STORED;

-- CreateIndex
CREATE INDEX "Message_search_idx" ON "Message" USING GIN ("search");
