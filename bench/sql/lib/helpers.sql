-- Session-local helpers for the generator: a hash-based uniform draw, an error, and the word lists.
-- They live in pg_temp, so the loaded database keeps nothing of them.

-- A uniform draw in [0, 1) from a key and a stream number: the same (k, s) always gives the same value.
CREATE FUNCTION pg_temp.u(k bigint, s integer) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT ((hashint8extended(k, s) >> 11) & 9007199254740991)::double precision / 9007199254740992 $$;

CREATE FUNCTION pg_temp.fail(message text) RETURNS void LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '%', message; END $$;

-- One element of a list, chosen by a draw in [0, 1).
CREATE FUNCTION pg_temp.pick(a text[], x double precision) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT a[1 + floor(x * cardinality(a))::integer] $$;

CREATE FUNCTION pg_temp.adjectives() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
  'Silent', 'Broken', 'Hidden', 'Last', 'Lost', 'Golden', 'Dark', 'Crimson', 'Endless', 'Forgotten',
  'Wild', 'Burning', 'Frozen', 'Secret', 'Distant', 'Hollow', 'Restless', 'Electric', 'Quiet', 'Savage',
  'Midnight', 'Final', 'Velvet', 'Iron', 'Bitter', 'Little', 'Brave', 'Lonely', 'Sacred', 'Perfect',
  'Invisible', 'Eternal', 'Fallen', 'Northern', 'Scarlet', 'Wandering', 'Empty', 'Shattered', 'Fading', 'Rising'] $$;

CREATE FUNCTION pg_temp.nouns() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
  'River', 'Night', 'Garden', 'Kingdom', 'Storm', 'Promise', 'Horizon', 'Shadow', 'Harbor', 'Witness',
  'Winter', 'Summer', 'Dream', 'Empire', 'Signal', 'Mirror', 'Journey', 'Station', 'Island', 'Letter',
  'Valley', 'Heart', 'Stranger', 'Road', 'Fire', 'Ocean', 'Machine', 'Secret', 'Hunter', 'Crown',
  'City', 'Song', 'Border', 'Game', 'Voyage', 'Memory', 'Bridge', 'Echo', 'Forest', 'Silence',
  'Tide', 'Frontier', 'Orchard', 'Lighthouse', 'Circus', 'Engine', 'Prophecy', 'Sky', 'Desert', 'Map',
  'Wolf', 'Code', 'Storyteller', 'Dance', 'Verdict', 'Mountain', 'Ghost', 'Hotel', 'Summit', 'Reckoning'] $$;

CREATE FUNCTION pg_temp.places() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
  'Lisbon', 'Tokyo', 'Berlin', 'Havana', 'Cairo', 'Oslo', 'Marseille', 'Chicago', 'Montreal', 'Naples',
  'Seoul', 'Mumbai', 'Buenos Aires', 'Reykjavik', 'Istanbul', 'Prague', 'Dublin', 'Nairobi', 'Sydney', 'Vienna',
  'Kyoto', 'Lagos', 'Lima', 'Krakow', 'Tangier', 'Glasgow', 'Hanoi', 'Santiago', 'Memphis', 'Tbilisi'] $$;

CREATE FUNCTION pg_temp.sequels() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
  ' II', ' III', ' 2', ': Part Two', ' Returns', ': The Beginning', ' Reloaded', ': Legacy'] $$;

CREATE FUNCTION pg_temp.traits() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
  'young', 'retired', 'reluctant', 'brilliant', 'disgraced', 'stubborn', 'gifted', 'weary',
  'fearless', 'lonely', 'determined', 'grieving', 'charming', 'troubled', 'small-town', 'ruthless'] $$;

CREATE FUNCTION pg_temp.roles() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
  'detective', 'nurse', 'pilot', 'teacher', 'boxer', 'chef', 'journalist', 'smuggler', 'violinist', 'widow',
  'astronaut', 'lawyer', 'farmer', 'thief', 'runaway', 'priest', 'mechanic', 'painter', 'soldier', 'surgeon',
  'con artist', 'dancer', 'fisherman', 'hacker', 'librarian'] $$;

CREATE FUNCTION pg_temp.goals() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
  'uncover the truth about a missing sister', 'win back a lost fortune', 'protect a stranger with a secret',
  'finish one last job', 'clear the family name', 'escape a city on the brink of war', 'find a way home',
  'stop a conspiracy', 'reunite a broken family', 'survive a brutal winter', 'solve a decades-old murder',
  'keep a fragile promise', 'outrun a relentless past', 'save a failing theatre', 'cross a hostile border',
  'win the championship', 'expose a corrupt empire', 'learn to love again', 'confront an old rival',
  'hold a small town together'] $$;

CREATE FUNCTION pg_temp.whens() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
  'before the sun rises', 'in a single night', 'over one unforgettable summer', 'before time runs out',
  'against impossible odds', 'as the storm closes in', 'while the whole world watches',
  'before the last train leaves', 'in the shadow of an empire', 'over forty years', 'before it is too late',
  'with nothing left to lose'] $$;

CREATE FUNCTION pg_temp.first_names() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
  'Ana', 'Ben', 'Chloe', 'Daniel', 'Elena', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas',
  'Keiko', 'Liam', 'Maya', 'Nikolai', 'Olivia', 'Pablo', 'Quinn', 'Rosa', 'Samuel', 'Tara',
  'Umar', 'Vera', 'William', 'Ximena', 'Yusuf', 'Zoe', 'Amara', 'Bruno', 'Clara', 'Diego',
  'Emma', 'Felix', 'Greta', 'Hugo', 'Isla', 'Jamal', 'Kira', 'Lucas', 'Mila', 'Noah',
  'Oscar', 'Priya', 'Rafael', 'Sofia', 'Theo', 'Uma', 'Viktor', 'Wen', 'Yara', 'Zain'] $$;

CREATE FUNCTION pg_temp.last_names() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
  'Abbott', 'Baptiste', 'Castillo', 'Dubois', 'Eriksen', 'Fischer', 'Garcia', 'Hansen', 'Ivanova', 'Jensen',
  'Kowalski', 'Larsen', 'Moreau', 'Nakamura', 'Okafor', 'Petrov', 'Quintero', 'Rossi', 'Schmidt', 'Tanaka',
  'Ueda', 'Varga', 'Walsh', 'Xu', 'Yilmaz', 'Zhang', 'Andersson', 'Becker', 'Costa', 'Delgado',
  'Evans', 'Ferreira', 'Gallagher', 'Horvat', 'Ito', 'Jovanovic', 'Kim', 'Lindqvist', 'Mendes', 'Novak',
  'O''Brien', 'Park', 'Quinn', 'Romero', 'Silva', 'Torres', 'Umarov', 'Vasquez', 'Weber', 'Young',
  'Adeyemi', 'Bianchi', 'Chen', 'Dimitrov', 'Esposito', 'Fontaine', 'Gupta', 'Haddad', 'Iglesias', 'Kaur'] $$;
