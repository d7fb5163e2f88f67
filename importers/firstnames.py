"""Common first names in the Netherlands: data for recognising names of people in free text.

The list was written by hand for Wijkbeeld (no code or list copied from elsewhere): first names that
are frequent among people living in the Netherlands, of Dutch, Frisian, Turkish, Moroccan,
Surinamese, Antillean and Polish origin, in the spelling most often met in registrations. It
follows the frequencies of the Meertens Instituut's Nederlandse Voornamenbank
(https://www.meertens.knaw.nl/nvb/) only as a guide to which names are common; no data of that
bank is copied here.

Names that are also ordinary words in category texts or abbreviations (Max, Storm, Roos, Fleur,
Job, Ton, Ben, Wil, Said, Ad, Bo, Hoop, the months) are left out on purpose: "Max snelheid",
"Storm Schade" and "Roos Overlast" are no people. :func:`importers.textscan.names_in` needs a
capitalised word after the first name as well.
"""
from __future__ import annotations

_NAMES = """
Aaltje Aart Abdel Abdelkader Abdellah Abdul Adam Adriaan Adriana Agnes Agnieszka Ahmed Ahmet Aisha Albert Alex
Alexander Alexandra Ali Alice Amber Amina Amira Anand Andre André Andrea Andreas Angela Angelique Anita Anja Anke
Anna Anne Anneke Annemarie Annemieke Annet Annette Annie Anouar Anouk Ans Anton Antoon Arie Arjan Arjen Arnold Aron
Astrid Auke Ayoub Ayse Ayşe Barbara Bart Bauke Berend Bernard Bert Bianca Bilal Boris Bram Bregje Britt Burak Carla
Carlos Caroline Casper Catharina Cem Chantal Charlotte Chris Christiaan Christian Christina Cindy Claudia Coen Cor
Cornelia Cornelis Corrie Daan Damian Daniel Daniëlle Danielle Danny Daphne David Debora Demi Dennis Denise Diana Dick
Dirk Dorien Douwe Durk Edwin Egbert Elif Eline Elisabeth Ellen Elly Els Emine Emiel Emma Emre Erik Eric Errol Esmee
Esra Esther Eva Evelien Evert Faisal Fatih Fatima Fatma Femke Fenna Ferry Finn Floris Folkert Frank Frans Fred
Freek Frits Froukje Geert Geertje Gerard Gerben Gerda Gerrit Gert Gijs Glenn Greet Guus Hamza Hanan Hannah Hanneke
Hans Harm Harry Hassan Hatice Hein Heleen Hendrik Hendrika Henk Henri Henny Herman Hessel Hidde Hilde Hugo Huib Huub
Hüseyin Huseyin Ibrahim Ikram Ilias Ilona Ilse Imane Inge Ingrid Irene Iris Ivo Jaap Jacco Jacob Jacoba Jacqueline
Jamal Jan Janneke Jannie Jasmijn Jasper Jeffrey Jelle Jelmer Jeroen Jesse Jessica Johan Johanna Johannes John Jolanda
Jolien Jonas Joop Joost Jordy Joris Jorn Jos Josephine Judith Julia Julian Jurre Justin Kamal Karel Karim Karin
Katarzyna Kees Kelly Kemal Kevin Khadija Khalid Kim Klaas Koen Krzysztof Lars Latifa Laura Laurens Leila Lennard
Lieke Linda Lisa Lisanne Lodewijk Loes Lotte Lucas Lucia Luuk Maaike Maarten Magdalena Manon Marco Margreet Maria
Marian Marianne Marieke Marija Marit Marius Marja Marjolein Mark Marloes Marta Martijn Martin Martine Maryam Mats
Matthijs Mees Mehdi Mehmet Melissa Menno Meryem Michael Michel Mieke Mike Milan Milou Miranda Mirjam Mohamed
Mohammed Monique Muhammed Murat Mustafa Myrthe Nadia Naima Naomi Nick Nicole Niels Nienke Nina Noah Noor Nora Nordin
Olaf Olivia Omar Onno Orhan Orlando Oscar Otis Pascal Patricia Patrick Paul Peter Petra Petronella Piet Pieter Pim
Piotr Priya Quinten Rachid Rajesh Ravi Raymond Redouan Remco René Rene Renate Rianne Richard Riet Rik Rita Rob Robert
Rodney Roel Romano Romy Ronald Rosa Ruben Rudi Rutger Ruud Ryan Salma Samira Sander Sandra Sanne Sara Saskia Selim
Serkan Shanti Siebe Siem Sietse Simone Sjoerd Sofie Sophie Souad Soufiane Stefan Stephan Sunita Suzanne Sven Sybren
Tamara Teun Theo Thijs Thomas Ties Tijn Timo Tineke Tjeerd Tjitske Tomasz Toon Truus Twan Tygo Veerle Vera Victor
Vincent Wendy Wessel Wiebe Wietske Wilco Wilfried Willem Willemijn Wilhelmina Wilma Wim Wouter Wybren Yannick Yara
Yasmin Yasmina Youri Youssef Yusuf Yvonne Zakaria Zeynep Zoë Tim Tom Sem Sam Stan Leo Luc Jens Tess Isa Evi Noa
Liv Lynn Kai
"""

#: The names, as written with a capital (``"Jan"``, ``"Fatima"``).
FIRST_NAMES: frozenset[str] = frozenset(_NAMES.split())
