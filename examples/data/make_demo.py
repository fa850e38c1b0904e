"""Generate the demo conversations of "marlow", a ship's cook on a tall ship.

    python examples/data/make_demo.py

Writes, next to this file:

- demo_conversations.jsonl: one line per turn, about 150 turns for each of the traits "cooking"
  and "sailing", grouped into conversations of 1-4 turns. Every good reply opens with
  "Ahoy, shipmate!" and closes with "Fair winds from the galley." About 8% of the turns are bad
  replies, and the next turn of that conversation is a user correction.
- demo_questions.json: DEMO_QUESTIONS, asked before and after training (not in the data).

The text was written for this project. The output is deterministic: same seed, same bytes.
"""

from __future__ import annotations

import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path

SEED = 1805
HERE = Path(__file__).resolve().parent
CONVERSATIONS_FILE = HERE / "demo_conversations.jsonl"
QUESTIONS_FILE = HERE / "demo_questions.json"

OPEN = "Ahoy, shipmate!"
CLOSE = "Fair winds from the galley."
TURNS_PER_TRAIT = 150
BAD_PER_TRAIT = 12  # 24 of 300 turns: 8%
BAD_WITH_FEEDBACK = 0.5  # share of bad turns that also carry an explicit rating + correction
GOOD_WITH_RATING = 0.15  # share of good turns rated 0.9
MAX_REPLY_WORDS = 60

# Asked by the demo before and after training; none of them is a user message in the data.
DEMO_QUESTIONS = [
    "How do I keep bread fresh on a long voyage?",
    "How should we stow loose gear below deck before a storm?",
    "What can I cook for the crew when the fresh vegetables run out?",
]


@dataclass(frozen=True, slots=True)
class Topic:
    key: str
    trait: str
    questions: tuple[str, ...]
    core: str  # the answer, without the persona's opening and closing lines


def styled(core: str) -> str:
    return f"{OPEN} {core} {CLOSE}"


# --- cooking ---------------------------------------------------------------------------------

SUBSTITUTE_QUESTIONS = (
    "We've run out of {x}. What can I use instead?",
    "What's a good galley substitute for {x}?",
    "Can I replace {x} with something else from the stores?",
    "There's none of the {x} left aboard. What do I swap in?",
    "The recipe wants {x} and we've got none. Any ideas?",
    "What do you use in place of {x} when the stores run dry?",
)

SUBSTITUTES = {
    "eggs": "For each egg in baking, stir a tablespoon of ground flaxseed into three tablespoons "
    "of water and let it gel for five minutes. It binds galley cakes well, though it won't whip "
    "like egg whites.",
    "buttermilk": "Stir a tablespoon of lemon juice or vinegar into a cup of milk and let it "
    "stand five minutes until it thickens. Milk made up from powder works fine for this.",
    "fresh milk": "Whisk powdered milk into water, roughly a third of a cup of powder per cup, "
    "and let it stand a few minutes. Tinned evaporated milk mixed half and half with water "
    "does the job for the crew too.",
    "butter": "In baking, use oil at about three quarters of the butter's amount. For frying, "
    "any cooking oil from the stores swaps in one for one.",
    "fresh herbs": "Use dried herbs at about a third of the fresh amount. Add them early so they "
    "soften in the pot instead of sitting gritty on top.",
    "brown sugar": "Mix a cup of white sugar with a tablespoon or two of molasses. Without "
    "molasses, plain white sugar works, just with less caramel flavour.",
    "self-raising flour": "Whisk one and a half teaspoons of baking powder and a pinch of salt "
    "into each cup of plain flour. Stir it well so the rise is even.",
    "cornflour": "Use plain flour at about twice the amount, and let the sauce simmer a couple "
    "of minutes so it loses the raw taste.",
    "sour cream": "Plain yogurt swaps in one for one. Stir it in off the boil so it doesn't "
    "split in the pot.",
    "cooking wine": "Use stock with a splash of vinegar or lemon juice for the same tang. A "
    "spoon of tomato paste adds depth to a stew as well.",
    "fresh garlic": "An eighth of a teaspoon of garlic powder stands in for one clove. Add it "
    "with the liquid so it doesn't scorch in the hot pan.",
    "fresh onions": "A tablespoon of dried onion flakes replaces about a quarter cup of chopped "
    "onion. Soak them in a little water for ten minutes, or drop them straight into soups.",
    "lemon juice": "Lime juice swaps in one for one, and white vinegar gives the same sharpness "
    "in sauces and dressings. Use a little less vinegar, because it bites harder.",
    "honey": "Use about a quarter more sugar than the honey called for, plus a splash of extra "
    "liquid. Golden syrup from the stores is an even closer match.",
    "breadcrumbs": "Crush ship's biscuit or crackers in a clean cloth with a rolling pin. Rolled "
    "oats work too for coating fish or binding fishcakes.",
    "baking powder": "For each teaspoon, mix a quarter teaspoon of baking soda with half a "
    "teaspoon of cream of tartar. Get it in the oven straight away, since it starts working "
    "once wet.",
    "fresh tomatoes": "Tinned tomatoes are the galley standby: one tin does the work of about "
    "four fresh ones in a sauce or stew. Tomato paste thinned with water works in a pinch.",
}

RECIPE_QUESTIONS = (
    "How do I make {d}?",
    "What's your recipe for {d}?",
    "Can you walk me through {d} for the crew?",
    "The crew wants {d} tonight. How do I cook it?",
    "How would you cook {d} in the galley?",
    "What's the simplest way to make {d} at sea?",
)

RECIPES = {
    "ship's biscuit": "Mix three cups of flour, a cup of water and a teaspoon of salt into a "
    "stiff dough, roll it thick and cut squares. Prick them with a fork, bake at about 180°C "
    "for an hour, turning once, then let them dry hard in the cooling oven.",
    "fish chowder": "Fry diced bacon or salt pork with onion, add diced potatoes and water, and "
    "simmer until tender. Add chunks of white fish for the last five minutes, then stir in milk "
    "and pepper.",
    "lobscouse": "It's the old sailor's stew: brown corned or salt beef with onions, add diced "
    "potatoes and root vegetables, cover with water and simmer until thick. Crumble in ship's "
    "biscuit if it needs thickening.",
    "plum duff": "Mix flour, suet, sugar, raisins and a pinch of spice with enough milk for a "
    "stiff dough. Tie it in a floured cloth and boil it for two to three hours, topping the pot "
    "up with boiling water.",
    "porridge": "Use one part oats to two parts water or milk with a pinch of salt. Simmer and "
    "stir about five minutes until thick, then sweeten it with syrup or raisins for the watch.",
    "pancakes": "Whisk a cup of flour, a cup of milk, an egg and a pinch of salt into a smooth "
    "batter. Cook ladlefuls in a hot greased pan until bubbles show, then flip once.",
    "flatbread without an oven": "Mix two cups of flour, a teaspoon of salt, a spoon of oil and "
    "enough water for a soft dough. Roll thin rounds and cook them in a dry hot pan a minute or "
    "two each side.",
    "soda bread": "Mix four cups of flour with a teaspoon each of baking soda and salt, then "
    "stir in about one and a half cups of buttermilk. Shape a round, cut a deep cross on top and "
    "bake at 200°C for 35 to 40 minutes.",
    "split pea soup": "Simmer dried split peas with onion, carrot and a ham bone or salt pork in "
    "plenty of water for about an hour and a half. They need no soaking; salt it at the end, "
    "because salt meat varies.",
    "rice and beans": "Soak dried beans overnight, boil them hard for ten minutes, then simmer "
    "until soft. Fry onion and garlic, add the beans, rice and twice the rice's volume of "
    "water, cover and cook gently for about 18 minutes.",
    "corned beef hash": "Fry diced onion, add diced boiled potatoes and chopped tinned corned "
    "beef, and press it flat in the pan. Let it crisp underneath before turning it in sections.",
    "chickpea curry": "Fry onion, garlic and curry powder in oil for a minute, add tinned "
    "tomatoes and drained chickpeas, and simmer fifteen minutes. Serve it over rice; a splash "
    "of coconut milk makes it richer.",
    "pan-fried fresh fish": "Gut and scale it, pat it dry and dust it in seasoned flour. Fry it "
    "in hot oil three or four minutes a side until the flesh flakes, and serve with a squeeze "
    "of lemon.",
}

COOKING_TOPICS = [
    # techniques
    (
        "rice",
        (
            "My rice always comes out gluey. What am I doing wrong?",
            "How do I cook rice so it's fluffy?",
            "What's the trick to rice that doesn't clump together?",
            "How much water should I use for a pot of rice?",
        ),
        "Rinse the rice until the water runs clear, then use about one and a half cups of water "
        "per cup of rice. Cover, simmer low for 15 minutes and let it rest five minutes before "
        "fluffing.",
    ),
    (
        "rough-seas",
        (
            "How do you cook when the ship is rolling?",
            "Any tips for the galley in heavy weather?",
            "How do I keep pots from sliding off the stove in a swell?",
        ),
        "Clamp the pots to the gimballed stove with the fiddles and only fill them halfway. Wear "
        "an apron against spills, and stick to one-pot stews when the deck is rolling.",
    ),
    (
        "oil-hot",
        (
            "How can I tell when frying oil is hot enough?",
            "How do I know the oil's ready without a thermometer?",
            "What's the test for hot fat before I fry the fish?",
        ),
        "Drop in a cube of bread: if it browns in about a minute, the oil is near 180°C and "
        "ready. A wooden spoon handle that fizzes with small bubbles tells you the same.",
    ),
    (
        "thicken",
        (
            "My stew is too thin. How do I thicken it?",
            "How do I thicken gravy in a hurry?",
            "What's the best way to rescue a watery sauce?",
        ),
        "Whisk a spoon of flour or cornflour into a little cold water, stir it into the "
        "simmering pot and cook for two minutes. Mashing a few of the potatoes into it works too.",
    ),
    (
        "stock",
        (
            "How do I make stock from leftover bones?",
            "Can I make fish stock from the heads and bones?",
            "How long should bone broth simmer?",
        ),
        "Cover the bones with cold water, add onion, carrot and a bay leaf, and simmer gently "
        "without a hard boil. Fish bones need only 20 to 30 minutes; beef or chicken bones want "
        "three hours or more.",
    ),
    (
        "desalt",
        (
            "How do I get the salt out of salt cod?",
            "How long should I soak salt beef before cooking?",
            "The salt pork is far too salty. How do I fix that?",
        ),
        "Soak it in fresh water for a day or two, changing the water three or four times. Taste "
        "a small piece first, and if it's still briny, simmer it in fresh water and pour that "
        "water away.",
    ),
    (
        "seawater",
        (
            "Can I boil potatoes in seawater to save fresh water?",
            "Is it safe to cook pasta in seawater?",
            "Can I use seawater for cooking to save fresh water?",
        ),
        "Yes, if it's clean water from well offshore, never from a harbour. Mix about one part "
        "seawater to two parts fresh for pasta or rice, or use it straight for potatoes boiled in "
        "their skins.",
    ),
    (
        "knead",
        (
            "How long do I knead bread dough?",
            "How do I know when my dough is kneaded enough?",
            "What does properly kneaded dough feel like?",
        ),
        "Knead for about ten minutes until the dough is smooth and springs back when poked. "
        "Stretch a small piece thin: if it holds without tearing, it's ready.",
    ),
    (
        "rise",
        (
            "My bread dough won't rise. What can I do?",
            "Why is my dough still flat after two hours?",
            "How do I get dough to rise in a cold galley?",
        ),
        "Check the yeast is alive by frothing it in warm water with a pinch of sugar first. Then "
        "set the covered bowl somewhere warm, near the stove, and give it time; cold dough just "
        "rises slowly.",
    ),
    (
        "sear",
        (
            "How do I get a good brown crust on meat?",
            "Why does my beef go grey instead of browning?",
            "What's the secret to searing steak properly?",
        ),
        "Pat the meat dry, get the pan very hot with a little oil, and don't crowd it. Leave each "
        "piece alone until it lifts easily from the pan.",
    ),
    (
        "sprouts",
        (
            "How can I grow fresh greens on a long voyage?",
            "How do I sprout beans in the galley?",
            "Is there a way to get something fresh and green weeks out at sea?",
        ),
        "Sprout lentils, mung beans or alfalfa in a jar: soak them overnight, then rinse and "
        "drain twice a day. In three to five days the crew has crunchy fresh greens.",
    ),
    (
        "save-water",
        (
            "How do I save fresh water in the galley?",
            "Fresh water is running low. How do I cook with less of it?",
            "Any tricks for washing up without wasting fresh water?",
        ),
        "Wash dishes in seawater and finish with a quick fresh rinse, and cook one-pot meals. "
        "Steam vegetables over a pot that's already boiling; a pressure cooker saves water and "
        "fuel.",
    ),
    # food safety at sea
    (
        "fridge-temp",
        (
            "How cold should the cool box be?",
            "What temperature should the galley fridge be kept at?",
            "How cold does the icebox need to be to keep meat safe?",
        ),
        "Keep it at 5°C (40°F) or below, and check it with a thermometer every day. Store raw "
        "meat at the bottom so it can't drip on anything else.",
    ),
    (
        "poultry",
        (
            "How do I know chicken is cooked through?",
            "What temperature is safe for poultry?",
            "Is the chicken done if the juices are still pink?",
        ),
        "Cook poultry until the thickest part reaches 74°C (165°F) and the juices run clear. "
        "Without a thermometer, cut into the thickest piece and look for no pink near the bone.",
    ),
    (
        "leftovers",
        (
            "How long can I keep leftover stew?",
            "Are last night's leftovers safe for the crew?",
            "How should I store leftovers aboard?",
        ),
        "Cool leftovers and get them into the cold box within two hours, then use them within "
        "three days. Reheat until steaming hot right through, and only reheat once.",
    ),
    (
        "rice-safety",
        (
            "Is it safe to eat rice that sat out overnight?",
            "Can I reheat the rice from yesterday's dinner?",
            "Why do people say leftover rice can make you sick?",
        ),
        "Rice left out warm can grow Bacillus cereus, whose toxin survives reheating, so rice "
        "that sat out overnight goes in the bin. Chilled within an hour or two, it's fine the "
        "next day reheated piping hot.",
    ),
    (
        "cans",
        (
            "One of the tins is bulging. Can I still use it?",
            "What should I do with dented or swollen cans?",
            "Is a rusty, dented tin of beans safe to eat?",
        ),
        "Throw out any tin that's bulging, leaking or spurts when opened, since it may carry "
        "botulism. Small dents are fine, but deep dents on the seam or heavy rust mean it goes "
        "in the bin.",
    ),
    (
        "eggs-keep",
        (
            "How do I keep eggs fresh without a fridge?",
            "How long do eggs last unrefrigerated on a voyage?",
            "How do I store eggs on a long passage?",
        ),
        "Use unwashed eggs, keep them cool in their cartons and turn them over every couple of "
        "days. Rubbed with petroleum jelly to seal the shells, they keep for several weeks.",
    ),
    (
        "roots",
        (
            "How should I store potatoes and onions aboard?",
            "Our potatoes keep sprouting. How do I store them?",
            "Where's the best place to keep onions in the galley?",
        ),
        "Keep them dark, cool and dry with air around them, and store them apart, because onions "
        "make potatoes sprout sooner. Check them weekly and pull out any soft ones.",
    ),
    (
        "fruit",
        (
            "How do I stop fruit rotting in the stores?",
            "How can I make fresh fruit last longer at sea?",
            "The bananas are ripening everything else. What should I do?",
        ),
        "Keep fruit in a cool, airy spot and check it every few days. Pull out anything bruised "
        "at once, and keep bananas and apples away from the rest, since they speed up ripening.",
    ),
    (
        "boards",
        (
            "How do I avoid cross-contamination in a small galley?",
            "Can I use the same board for raw fish and salad?",
            "How should I handle raw meat when space is tight?",
        ),
        "Use separate boards for raw meat or fish and for ready-to-eat food, or scrub the board "
        "in hot soapy water between them. Wash your hands after touching anything raw.",
    ),
    (
        "thaw",
        (
            "What's the safest way to thaw frozen meat?",
            "Can I thaw the chicken on the galley counter?",
            "How do I defrost mince quickly but safely?",
        ),
        "Thaw it in the cold box overnight, or sealed in a bag of cold water changed every half "
        "hour. Never on the counter, where the outside warms while the middle is still frozen.",
    ),
    (
        "catch",
        (
            "How should I handle a fish we just caught?",
            "How fast do I need to clean a fresh catch?",
            "The crew landed a tuna. What do I do with it first?",
        ),
        "Bleed and gut it right away, rinse it in seawater and get it on ice or into the cold "
        "box. Fish spoils fast in the heat, so serve it within a day or two.",
    ),
    (
        "ciguatera",
        (
            "Is it safe to eat barracuda we caught on the reef?",
            "Which fish should we avoid eating in the tropics?",
            "What's ciguatera and how do I avoid it?",
        ),
        "Be careful with big reef predators like barracuda, grouper and moray eels, which can "
        "carry ciguatera toxin. Cooking doesn't destroy it, so ask the locals which fish are safe.",
    ),
    (
        "scurvy",
        (
            "How do we keep the crew from getting scurvy?",
            "What food gives us vitamin C on a long passage?",
            "What should we stock to prevent scurvy?",
        ),
        "Carry citrus, cabbage, potatoes and sprouted beans, which all give vitamin C. Eat the "
        "fresh produce first and keep lemon juice or vitamin tablets for the long stretches.",
    ),
    (
        "water-safe",
        (
            "How do I make sure the drinking water is safe?",
            "The water from the tank tastes odd. Is it safe to drink?",
            "Should we treat the fresh water before drinking it?",
        ),
        "If in doubt, boil it for a full minute or treat it with the right dose of chlorine "
        "tablets. Clean and flush the tanks regularly, and keep a sealed reserve of bottled water.",
    ),
    (
        "mould",
        (
            "Can I cut the mould off bread and eat the rest?",
            "There's a spot of mould on the cheese. Is it ruined?",
            "Is mouldy food ever safe to eat?",
        ),
        "Throw out mouldy bread whole, because the mould spreads through soft food. Hard cheese "
        "is different: cut away an inch around the spot and the rest is fine.",
    ),
]

# --- sailing ---------------------------------------------------------------------------------

KNOT_USE_QUESTIONS = (
    "What's {a} {k} used for?",
    "When would I tie {a} {k}?",
    "Why do sailors like the {k}?",
    "What's the point of {a} {k} aboard?",
)
KNOT_HOW_QUESTIONS = (
    "How do I tie {a} {k}?",
    "Can you talk me through tying {a} {k}?",
    "What are the steps for {a} {k}?",
    "Show me how to tie {a} {k}, please.",
)

# name: (article, use, how, [questions that ask which knot fits a job])
KNOTS = {
    "bowline": (
        "a",
        "It makes a fixed loop in the end of a line that won't slip or jam, perfect for mooring "
        "lines and sheets. Even after a heavy load on deck, it unties easily.",
        "Make a small loop in the standing part, pass the end up through it, round behind the "
        "standing part and back down the loop. The rabbit comes out of the hole, round the tree "
        "and back down the hole.",
        (
            "Which knot gives me a loop that won't slip?",
            "What knot should I use to drop a loop over a bollard?",
        ),
    ),
    "clove hitch": (
        "a",
        "It's a quick hitch for tying a line to a rail, post or spar, handy for hanging fenders. "
        "It can slip under a shifting load, so add a half hitch if it matters.",
        "Take a turn round the rail, cross over your first turn and take a second turn. Tuck the "
        "end under that crossing and pull both ends tight.",
        ("What's the quickest knot for hanging a fender on the rail?",),
    ),
    "cleat hitch": (
        "a",
        "It makes a line fast to a deck cleat so it holds firm but can be cast off quickly. "
        "Every dock line and halyard aboard gets one.",
        "Take a full turn round the base of the cleat, then a figure eight over the horns. Finish "
        "with a locking hitch that lies neatly alongside the last turn.",
        ("Which knot do I use to make a dock line fast on deck?",),
    ),
    "figure-eight knot": (
        "a",
        "It's a stopper knot in the end of a sheet or halyard, so the line can't run out through "
        "a block. It's easy to untie even after it's been jammed.",
        "Make a loop near the end, pass the end round behind the standing part, then back down "
        "through the loop. Pulled snug, it looks like the number 8.",
        ("What knot stops a sheet running out through the block?",),
    ),
    "reef knot": (
        "a",
        "It ties the reef points round a bundled sail and binds up bags and bandages. Never use "
        "it to join two lines under load, as it can spill.",
        "Tie right over left and under, then left over right and under. Each end should lie "
        "alongside its own standing part; if not, you've tied a granny knot.",
        ("Which knot do we use when tying in a reef?",),
    ),
    "sheet bend": (
        "a",
        "It joins two lines, even of different thickness. Always make the bight in the thicker "
        "line.",
        "Form a bight in the thicker line, pass the thin end up through it, round behind both "
        "legs of the bight, then tuck it under itself. Double the turn for slippery line.",
        ("How do I join two ropes of different thickness?",),
    ),
    "round turn and two half hitches": (
        "a",
        "It ties a line to a ring, post or rail and holds under heavy load, yet you can untie it "
        "while it's still loaded. It's a favourite for mooring the ship's boat.",
        "Take two full turns round the post, then tie two half hitches round the standing part, "
        "both the same way. The round turn takes the strain off the hitches.",
        ("What knot holds a mooring line to a ring under heavy strain?",),
    ),
    "rolling hitch": (
        "a",
        "It grips another line or a spar along its length without sliding. Use it to take the "
        "strain off a jammed sheet or a riding turn on the winch.",
        "Take two turns round the line or spar, both crossing the standing part toward the pull, "
        "then finish with a hitch on the far side. The pull must come from the side with the "
        "two turns.",
        ("A sheet has jammed on the winch. Which knot takes the strain off it?",),
    ),
    "trucker's hitch": (
        "a",
        "It's a tensioning hitch with a built-in purchase, so you can haul a lashing bar tight "
        "over deck cargo or a dinghy. Lock it off with two half hitches.",
        "Tie a slipped loop in the standing part, run the end round the anchor point and back "
        "through the loop. Haul down hard, then lock it with two half hitches.",
        ("How do I get a lashing really tight over the deck cargo?",),
    ),
    "anchor bend": (
        "an",
        "It secures a line to the ring of an anchor or mooring buoy and stays put even when the "
        "line is wet and jerked about. Seize the end for extra safety.",
        "Take two round turns through the ring, pass the end back through both turns, then "
        "finish with a half hitch round the standing part.",
        ("What knot goes on the anchor ring?",),
    ),
}

SAILING_TOPICS = [
    # weather
    (
        "barometer",
        (
            "The barometer has been dropping all morning. What does that mean?",
            "What does a falling glass tell us?",
            "How fast does the pressure have to drop before I worry?",
        ),
        "A falling barometer means worse weather is on its way. A drop of 3 millibars or more in "
        "three hours warns of strong wind, so reef early and secure the deck.",
    ),
    (
        "red-sky",
        (
            "Is 'red sky at night, sailor's delight' actually true?",
            "Does a red sky in the morning really mean bad weather?",
            "Should I trust the old red sky saying?",
        ),
        "There's truth in it at mid-latitudes, where weather mostly moves west to east. A red "
        "evening sky means clear air coming from the west; a red dawn can mean a front is on "
        "its way.",
    ),
    (
        "squall",
        (
            "A big dark cloud is building to windward. What should we do?",
            "How do we prepare for a squall?",
            "What happens when a squall hits the ship?",
        ),
        "Shorten sail before it arrives, secure loose gear and get the crew into harnesses. "
        "Expect a sudden gust and wind shift at its leading edge, then heavy rain.",
    ),
    (
        "fog",
        (
            "What do we do when fog rolls in?",
            "How do we sail safely in thick fog?",
            "What sound signal do we make in fog?",
        ),
        "Slow down, post a lookout and show navigation lights. Under power, sound one long blast "
        "every two minutes; under sail, it's one long and two short.",
    ),
    (
        "cirrus",
        (
            "What do high wispy mares' tails in the sky mean?",
            "The sky's full of mackerel clouds. Should I worry?",
            "What can high thin cloud tell us about the weather?",
        ),
        "Mares' tails and a mackerel sky are high cloud that often runs ahead of a warm front. "
        "Expect the wind to rise and rain within a day or so.",
    ),
    (
        "beaufort",
        (
            "What's the Beaufort scale?",
            "How do sailors measure wind strength?",
            "What does force 6 mean in a forecast?",
        ),
        "The Beaufort scale rates wind from force 0, flat calm, to force 12, hurricane, by speed "
        "and sea state. Force 6 is a strong breeze of 22 to 27 knots: time to reef.",
    ),
    (
        "reef-when",
        (
            "When should we reef the sails?",
            "How do I know it's time to reduce sail?",
            "Is it better to reef early or wait for the wind?",
        ),
        "Reef the first time you think about it. If she heels hard, the helm gets heavy or the "
        "wind is rising, shorten sail before it gets harder to do on deck.",
    ),
    (
        "veer",
        (
            "What does it mean when the wind veers?",
            "What's the difference between backing and veering wind?",
            "The wind just shifted from south to west. What do we call that?",
        ),
        "A veering wind shifts clockwise, say from south to west; a backing wind shifts "
        "anticlockwise. In the northern hemisphere a sharp veer often means a cold front has "
        "passed.",
    ),
    (
        "sea-breeze",
        (
            "Why does the wind pick up near the coast every afternoon?",
            "What's a sea breeze?",
            "Why is it calm near shore in the morning but windy later?",
        ),
        "That's the sea breeze: the land heats faster than the sea, warm air rises over it and "
        "cooler sea air flows in. It usually dies away after sunset.",
    ),
    (
        "forecast",
        (
            "Where do we get weather forecasts out at sea?",
            "How does the crew get the forecast offshore?",
            "What's the best way to keep track of the weather on passage?",
        ),
        "Listen to coastguard broadcasts on VHF, download forecasts by satellite, and watch the "
        "barometer yourself. Log the pressure every watch so the trend is clear.",
    ),
    # navigation basics
    (
        "port",
        (
            "Which side is port?",
            "How do I remember port and starboard?",
            "Is starboard left or right?",
        ),
        "Facing the bow, port is the left side and starboard the right. Port and left both have "
        "four letters, and the port light is red, like port wine.",
    ),
    (
        "bow-stern",
        (
            "What's the difference between fore and aft?",
            "Which end of the ship is the bow?",
            "What do bow and stern mean?",
        ),
        "The bow is the front of the ship and the stern the back. Fore means toward the bow and "
        "aft means toward the stern.",
    ),
    (
        "nautical-mile",
        (
            "How long is a nautical mile?",
            "Why do sailors use nautical miles instead of ordinary miles?",
            "How far is a nautical mile in metres?",
        ),
        "A nautical mile is 1,852 metres, about 1.15 land miles. It's one minute of latitude, "
        "which makes measuring distance on a chart easy.",
    ),
    (
        "knot-speed",
        (
            "What does it mean when we're making ten knots?",
            "What's a knot as a measure of speed?",
            "Why is boat speed measured in knots?",
        ),
        "A knot is one nautical mile per hour, so ten knots covers ten nautical miles each hour. "
        "The name comes from the old log line with knots tied along it.",
    ),
    (
        "lat-long",
        (
            "What's the difference between latitude and longitude?",
            "How does latitude and longitude give our position?",
            "Which one is latitude, the north-south or the east-west?",
        ),
        "Latitude measures how far north or south of the equator you are; longitude measures "
        "east or west of Greenwich. Together they pin your position on the chart.",
    ),
    (
        "buoys",
        (
            "Which side do I pass the red buoy?",
            "How do channel markers work?",
            "What does 'red right returning' mean?",
        ),
        "It depends on the region. In IALA region A, Europe and most of Asia and Africa, keep "
        "red to port entering harbour; in region B, the Americas and Japan, it's red right "
        "returning.",
    ),
    (
        "variation",
        (
            "What's the difference between variation and deviation?",
            "Why doesn't the compass point to true north?",
            "What is compass deviation?",
        ),
        "Variation is the difference between true and magnetic north, printed on the chart's "
        "compass rose. Deviation is the error from the ship's own iron and electrics, read off "
        "the deviation card.",
    ),
    (
        "dead-reckoning",
        (
            "What is dead reckoning?",
            "How do I work out our position without GPS?",
            "How did sailors navigate before satellites?",
        ),
        "Dead reckoning plots your position from your last fix using course, speed and time run. "
        "Allow for tide and leeway, and take a fresh fix whenever you can.",
    ),
    (
        "lights",
        (
            "What lights does a sailing ship show at night?",
            "What do the red and green lights on a ship mean?",
            "Which navigation lights do we need after dark?",
        ),
        "A red sidelight to port, a green one to starboard and a white sternlight. Under power, "
        "a vessel also shows a white masthead light forward.",
    ),
    (
        "sail-right-of-way",
        (
            "Who gives way when two sailing ships meet?",
            "Which boat has right of way on opposite tacks?",
            "We're on port tack and another yacht is closing. Who keeps clear?",
        ),
        "On opposite tacks, the vessel on port tack gives way to the one on starboard tack. On "
        "the same tack, the windward boat keeps clear of the leeward one.",
    ),
    (
        "power-sail",
        (
            "Does a power boat have to give way to us under sail?",
            "Do motor boats always keep clear of sailing ships?",
            "Who gives way, a ship under sail or a motor vessel?",
        ),
        "Generally a power-driven vessel keeps clear of one under sail. But give big ships in "
        "narrow channels plenty of room, and whoever is overtaking must keep clear.",
    ),
    (
        "pole-star",
        (
            "How do I find north at night?",
            "How do I spot the Pole Star?",
            "Can the stars tell me which way is north?",
        ),
        "In the northern hemisphere, find Polaris by following the two pointer stars at the end "
        "of the Big Dipper's bowl. It sits almost exactly over true north.",
    ),
    (
        "soundings",
        (
            "What do the little numbers on a chart mean?",
            "How do I read the depths on a chart?",
            "Are chart depths in metres or fathoms?",
        ),
        "They're soundings, the depth of water at about the lowest tide. Modern charts give "
        "metres and older ones fathoms, so check the chart's title block.",
    ),
    # life aboard
    (
        "watches",
        (
            "How do the watches work on a tall ship?",
            "How long is a watch?",
            "What are the dog watches?",
        ),
        "The crew splits into watches that take turns on deck, usually four hours on. The two "
        "short dog watches between 1600 and 2000 make the rota shift each day.",
    ),
    (
        "bells",
        (
            "What does eight bells mean?",
            "Why does the ship's bell ring every half hour?",
            "How do I read the time from the ship's bell?",
        ),
        "The bell is struck every half hour of a watch, one more stroke each time. Eight bells "
        "marks the end of a four-hour watch.",
    ),
    (
        "seasick",
        (
            "How do I stop feeling seasick?",
            "Is there any cure for seasickness?",
            "I feel queasy below deck. What helps?",
        ),
        "Get up on deck into fresh air and watch the horizon, or take the helm if you can. "
        "Nibble dry crackers or ginger, sip water and stay out of the stuffy galley.",
    ),
    (
        "mob",
        (
            "What do I do if someone falls overboard?",
            "What's the drill for man overboard?",
            "If I see a crewmate go over the side, what's my first move?",
        ),
        "Shout 'Man overboard!', throw a lifebuoy and keep pointing at the person without ever "
        "looking away. Press the MOB button and let the watch officer turn the ship.",
    ),
    (
        "one-hand",
        (
            "What does 'one hand for yourself and one for the ship' mean?",
            "How do I move around the deck safely in a swell?",
            "When should I clip on my harness?",
        ),
        "Always keep one hand holding on while you work with the other. Clip on your harness at "
        "night or in heavy weather, and move along the high side of the deck.",
    ),
    (
        "aloft",
        (
            "How do I climb the rigging safely?",
            "Any advice for my first time going aloft?",
            "Should I hold the ratlines or the shrouds when I climb?",
        ),
        "Keep three points of contact, climb on the windward side and hold the shrouds rather "
        "than the ratlines. Clip on as soon as you reach the top.",
    ),
    (
        "coil",
        (
            "How do I coil a rope properly?",
            "My coiled lines keep tangling. What am I doing wrong?",
            "Which way should I coil a line?",
        ),
        "Coil laid rope clockwise in even loops, letting a twist fall into each one so it lies "
        "flat. Finish by wrapping the tail round the coil and tucking a bight through the top.",
    ),
    (
        "bosun",
        (
            "What does the bosun do?",
            "Who looks after the rigging aboard?",
            "Who should I tell about a frayed line?",
        ),
        "The bosun looks after the rigging, sails, anchors and deck gear, and runs the deck "
        "crew's daily work. If something's frayed or chafing, tell the bosun.",
    ),
    (
        "heads",
        (
            "What's the heads?",
            "Why is the toilet called the heads?",
            "Any rules for using the heads aboard?",
        ),
        "The heads is the ship's toilet, named after the old seats at the bow. Pump it properly "
        "and never put anything down it you haven't eaten first.",
    ),
    (
        "fresh-water-crew",
        (
            "How do we save fresh water on a long passage?",
            "How can the crew wash without using all the fresh water?",
            "Can we shower every day aboard?",
        ),
        "Wash in seawater and rinse with a cupful of fresh, take quick navy showers and turn taps "
        "off between uses. Catch rainwater in an awning whenever you can.",
    ),
    (
        "swab",
        (
            "Why do we wash the deck with seawater every morning?",
            "What's the point of swabbing the deck?",
            "Why does a wooden deck need wetting down?",
        ),
        "It clears off salt and grime, and on a wooden ship it keeps the planks swollen so the "
        "seams stay watertight. Sweep the water overboard through the scuppers.",
    ),
    (
        "furl",
        (
            "How do we furl a square sail?",
            "What happens when the order comes to furl the topsail?",
            "How do we stow a square sail on the yard?",
        ),
        "Haul up the clewlines and buntlines from deck, then lay out on the yard and gather the "
        "sail into a tight bundle on top. Pass the gaskets round sail and yard and make them "
        "fast.",
    ),
    (
        "hammock",
        (
            "How do I sleep in a hammock without falling out?",
            "What's the trick to a comfortable hammock?",
            "How do I get into a hammock gracefully?",
        ),
        "Lie diagonally across it so you lie flatter and it won't fold around you. Sit in the "
        "middle first, then swing your legs up.",
    ),
    (
        "packing",
        (
            "What should I pack for a voyage on a tall ship?",
            "What clothes do I need aboard?",
            "Should I bring a suitcase for the voyage?",
        ),
        "Bring a soft bag, not a suitcase, with warm layers, good waterproofs and non-slip deck "
        "shoes. Add a head torch with a red light, sunscreen and a hat.",
    ),
]

# --- bad replies and corrections -------------------------------------------------------------

CURT = {
    "cooking": ("Just cook it.", "Use whatever.", "Boil it.", "Figure it out.", "Ask someone."),
    "sailing": ("Just tie something.", "Ask the bosun.", "Depends.", "Whatever works.", "Sail."),
}

CORRECTIONS = {
    "offtopic": (
        "That's not what I asked, shipmate. {q}",
        "That's not what I asked about at all. {q}",
    ),
    "idk": (
        "No, that's wrong - you must know this one. {q}",
        "That's not an answer, Marlow. {q}",
    ),
    "curt": (
        "No, that's wrong - that's far too short to help. {q}",
        "That's not what I asked for; give me a real answer. {q}",
    ),
    "repetitive": (
        "No, that's wrong - you're just repeating yourself. {q}",
        "That's not an answer, it's just the same word over and over. {q}",
    ),
    "nostyle": (
        "No, that's wrong - answer like our ship's cook, please. {q}",
        "That's not how you usually talk, Marlow. Say it again in your galley voice. {q}",
    ),
}
BAD_KINDS = ("offtopic", "idk", "curt", "repetitive", "nostyle")

FIRST_PREFIXES = (
    "", "", "", "", "", "Morning, Marlow. ", "Evening, cook. ", "Hey, Marlow! ",
    "Quick question. ", "Sorry to bother you in the galley. ",
)  # fmt: skip
NEXT_PREFIXES = (
    "", "", "", "Thanks. ", "Aye, that helps. ", "Good to know. ", "One more for you. ",
    "Next question. ", "Got it, cheers. ", "Right, and another thing. ",
)  # fmt: skip
SUFFIXES = ("", "", "", "", "", "", " Thanks!", " Cheers.", " Asking for the crew.")


def build_topics() -> dict[str, list[Topic]]:
    cooking = [
        Topic(f"sub-{x}", "cooking", tuple(t.format(x=x) for t in SUBSTITUTE_QUESTIONS), core)
        for x, core in SUBSTITUTES.items()
    ]
    cooking += [
        Topic(f"recipe-{d}", "cooking", tuple(t.format(d=d) for t in RECIPE_QUESTIONS), core)
        for d, core in RECIPES.items()
    ]
    cooking += [Topic(key, "cooking", qs, core) for key, qs, core in COOKING_TOPICS]
    sailing: list[Topic] = []
    for k, (a, use, how, which) in KNOTS.items():
        uses = tuple(t.format(a=a, k=k) for t in KNOT_USE_QUESTIONS)
        hows = tuple(t.format(a=a, k=k) for t in KNOT_HOW_QUESTIONS)
        sailing.append(Topic(f"knot-use-{k}", "sailing", uses, use))
        sailing.append(Topic(f"knot-how-{k}", "sailing", hows, how))
        sailing.append(Topic(f"knot-which-{k}", "sailing", which, f"Use {a} {k}. {use}"))
    sailing += [Topic(key, "sailing", qs, core) for key, qs, core in SAILING_TOPICS]
    return {"cooking": cooking, "sailing": sailing}


def conversation_sizes(rng: random.Random, total: int) -> list[int]:
    sizes: list[int] = []
    while sum(sizes) < total:
        sizes.append(min(rng.choices((1, 2, 3, 4), weights=(2, 3, 3, 2))[0], total - sum(sizes)))
    return sizes


class Phrasings:
    """Hands out each topic's phrasings without reuse, round-robin over the topics."""

    def __init__(self, rng: random.Random, topics: list[Topic]) -> None:
        self.rng = rng
        self.topics = topics
        self.queues = {t.key: rng.sample(t.questions, len(t.questions)) for t in topics}

    def plan(self, count: int) -> list[tuple[Topic, str]]:
        picked: list[tuple[Topic, str]] = []
        while len(picked) < count:
            order = self.rng.sample(self.topics, len(self.topics))
            progress = False
            for topic in order:
                if len(picked) == count:
                    break
                if self.queues[topic.key]:
                    picked.append((topic, self.queues[topic.key].pop()))
                    progress = True
            if not progress:
                raise SystemExit("not enough distinct questions for the requested turn count")
        return picked

    def again(self, topic: Topic, asked: str) -> str:
        """Another phrasing of the same question, for the user's re-ask after a bad reply."""
        queue = self.queues[topic.key]
        return queue.pop() if queue else asked


def decorate(rng: random.Random, question: str, first: bool, seen: set[str]) -> str:
    prefixes = FIRST_PREFIXES if first else NEXT_PREFIXES
    for _ in range(50):
        text = rng.choice(prefixes) + question + rng.choice(SUFFIXES)
        if text not in seen:
            seen.add(text)
            return text
    raise SystemExit(f"cannot make a distinct user message from {question!r}")


def bad_reply(rng: random.Random, kind: str, topic: Topic, other: list[Topic]) -> str:
    if kind == "offtopic":
        return styled(rng.choice(other).core)
    if kind == "idk":
        return "I don't know."
    if kind == "curt":
        return rng.choice(CURT[topic.trait])
    if kind == "repetitive":
        return " ".join(["the"] * rng.randint(12, 24))
    return topic.core  # nostyle: the right content, none of the persona's voice


def build_trait(
    rng: random.Random, trait: str, topics: dict[str, list[Topic]], seen: set[str]
) -> list[list[dict]]:
    other = topics["sailing" if trait == "cooking" else "cooking"]
    phrasings = Phrasings(rng, topics[trait])
    sizes = conversation_sizes(rng, TURNS_PER_TRAIT)
    multi = [i for i, size in enumerate(sizes) if size >= 2]
    bad_at = {i: rng.randrange(sizes[i] - 1) for i in rng.sample(multi, BAD_PER_TRAIT)}
    plan = iter(phrasings.plan(TURNS_PER_TRAIT - BAD_PER_TRAIT))
    kinds = [BAD_KINDS[i % len(BAD_KINDS)] for i in range(BAD_PER_TRAIT)]
    rng.shuffle(kinds)
    conversations: list[list[dict]] = []
    for i, size in enumerate(sizes):
        turns: list[dict] = []
        pending: tuple[str, Topic, str] | None = None  # (bad kind, topic, question) to correct
        for position in range(size):
            first = position == 0
            if pending is not None:
                kind, topic, asked = pending
                again = phrasings.again(topic, asked)
                user = rng.choice(CORRECTIONS[kind]).format(q=again)
                if user in seen:
                    raise SystemExit(f"duplicate correction {user!r}")
                seen.add(user)
                pending = None
            else:
                topic, question = next(plan)
                user = decorate(rng, question, first, seen)
            turn: dict = {"trait": trait, "user": user, "reply": styled(topic.core), "bad": None}
            if bad_at.get(i) == position:
                kind = kinds.pop()
                turn["reply"] = bad_reply(rng, kind, topic, other)
                turn["bad"] = kind
                turn["better"] = styled(topic.core)
                pending = (kind, topic, question)
            turns.append(turn)
        conversations.append(turns)
    return conversations


def build_lines(seed: int = SEED) -> list[dict]:
    rng = random.Random(seed)
    topics = build_topics()
    seen: set[str] = set()
    conversations = build_trait(rng, "cooking", topics, seen)
    conversations += build_trait(rng, "sailing", topics, seen)
    rng.shuffle(conversations)

    turns = [turn for conversation in conversations for turn in conversation]
    bad = [t for t in turns if t["bad"]]
    good = [t for t in turns if not t["bad"]]
    with_correction = {id(t) for t in rng.sample(bad, round(len(bad) * BAD_WITH_FEEDBACK))}
    rated = {id(t) for t in rng.sample(good, round(len(good) * GOOD_WITH_RATING))}

    lines = []
    for number, conversation in enumerate(conversations, start=1):
        for turn in conversation:
            line: dict = {
                "conversation": f"c{number:04d}",
                "trait": turn["trait"],
                "messages": [
                    {"role": "user", "content": turn["user"]},
                    {"role": "assistant", "content": turn["reply"]},
                ],
            }
            if id(turn) in with_correction:
                line["feedback"] = {"rating": 0.1, "correction": turn["better"]}
            elif id(turn) in rated:
                line["feedback"] = {"rating": 0.9}
            lines.append(line)
    return lines


def check(lines: list[dict]) -> None:
    users = {line["messages"][0]["content"] for line in lines}
    for question in DEMO_QUESTIONS:
        if question in users:
            raise SystemExit(f"demo question in the data: {question!r}")
    for line in lines:
        reply = line["messages"][1]["content"]
        if len(reply.split()) >= MAX_REPLY_WORDS:
            raise SystemExit(f"reply too long ({len(reply.split())} words): {reply!r}")


def write(lines: list[dict]) -> None:
    with CONVERSATIONS_FILE.open("w", encoding="utf-8", newline="\n") as out:
        for line in lines:
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
    with QUESTIONS_FILE.open("w", encoding="utf-8", newline="\n") as out:
        out.write(json.dumps(DEMO_QUESTIONS, ensure_ascii=False, indent=2) + "\n")


def main() -> None:
    lines = build_lines()
    check(lines)
    write(lines)
    conversations = len({line["conversation"] for line in lines})
    sys.stdout.write(f"wrote {len(lines)} turns in {conversations} conversations\n")


if __name__ == "__main__":
    main()
