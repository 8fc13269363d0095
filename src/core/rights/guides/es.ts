/** The rights guides in Spanish. */
import type { Guides } from './guide.types.js';

export const es: Guides = {
  police: `# Cuando llega la policía

La policía puede pararte en la calle, revisar un lugar donde trabajas o hacer una redada en un piso o un club. Esta guía es general: la ley es distinta en cada país. Lee también [la ficha de tu país](/rights/map) y pregunta a una organización de trabajadoras sexuales qué suele hacer la policía donde estás.

## Antes: prepárate

- Apréndete de memoria uno o dos números de teléfono: una amiga, tu organización, una abogada. Te pueden quitar el móvil.
- Guarda copias de tus documentos importantes en un lugar seguro, lejos de donde trabajas. Nadie más debe quedarse con tu pasaporte.
- Acuerda con las personas con las que trabajas qué hará cada una, y a quién llamar, si llega la policía.
- Si tienes la tarjeta de una abogada o de una organización, llévala contigo.

## Durante: protégete todo lo que puedas

- Mantén la calma. No corras y no te defiendas físicamente, aunque la policía sea brusca o injusta. Resistirse puede ser un delito en sí.
- Pregunta: «¿Me puedo ir?». Si la respuesta es sí, puedes irte con calma.
- Pregunta por qué te paran y quiénes son: policía, inmigración, inspección de trabajo o funcionarios del ayuntamiento.
- Puede que tengas que dar tu nombre y, en algunos países, enseñar un documento. Dar un nombre falso o papeles falsos suele ser delito y empeora las cosas. Si no sabes qué tienes que dar, di que quieres hablar con una abogada o un abogado.
- Aparte de eso, normalmente tienes derecho a no declarar. Puedes decir: «Quiero hablar con una abogada antes de responder preguntas».
- No firmes nada que no entiendas, ni nada en un idioma que no sepas leer. Puedes pedir un intérprete.
- La policía puede pedirte información sobre clientes, encargados u otras personas. Puedes negarte. Las promesas a cambio de información muchas veces no se cumplen.
- Si te quitan dinero, el móvil o preservativos, pide un papel escrito con lo que se llevaron.
- Intenta recordar nombres, números de placa, el coche, la hora, el lugar y quién más estaba.

## Si te detienen

- Pide una abogada o un abogado, y un intérprete si lo necesitas. En muchos países la asistencia jurídica es gratuita para quien no puede pagarla.
- Pide que avisen a alguien de dónde estás.
- Consulados: normalmente puedes decidir si la policía avisa al consulado de tu país. Piensa en tu seguridad antes de pedirlo o aceptarlo.
- Si temes por tu vida o tu seguridad en tu país de origen, dilo claramente y pide asilo. Habla de ello con una abogada lo antes posible.
- Si necesitas medicación (por ejemplo para el VIH) o un médico, dilo.
- Si alguien te obligó a hacer este trabajo, o se queda con tu dinero o tus papeles, puede que seas víctima de trata. Las víctimas tienen derechos: lee [Tus derechos como víctima de un delito](/rights/guides/victims) y cuéntaselo a una abogada o a una organización especializada.

## Después

- Escribe todo lo antes posible: qué pasó, cuándo, quién estaba, qué se dijo y qué se llevaron.
- Haz fotos de las heridas y ve al médico. Guarda los papeles médicos.
- Avisa a tu organización. Puedes denunciar violencia o robos de la policía [en Parasol](/report) sin dar tu nombre: nada va a la policía si tú no lo eliges.
- En la mayoría de los países se puede presentar una queja contra la policía. Habla antes con una abogada o una organización sobre los riesgos y los plazos.
`,

  victims: `# Tus derechos como víctima de un delito

La violencia, la violación, el robo, las amenazas y la explotación son delitos contra ti, sea cual sea tu trabajo y tengas o no papeles. Esta guía explica derechos que existen en muchos países europeos. Cómo funcionan cambia en cada país, así que habla con una organización de trabajadoras sexuales o con una abogada antes de decidir qué hacer.

## Justo después de una agresión o una violación

- Lo primero es tu salud. Ve cuanto antes a un servicio de salud de confianza ([ver los servicios](/services)). No necesitas ir a la policía para recibir atención médica.
- Después de sexo sin preservativo, o de una violación, hay medicación que reduce el riesgo de VIH. Se llama PEP (profilaxis posexposición). Funciona mejor si empiezas en las primeras horas, y nunca después de 72 horas (tres días).
- La anticoncepción de emergencia funciona mejor en las primeras 72 horas; algunos tipos funcionan hasta 120 horas (cinco días).
- Pide pruebas de infecciones de transmisión sexual, y que curen tus heridas.
- En muchos lugares un médico puede registrar las lesiones y recoger pruebas (un examen forense) aunque no hayas decidido denunciar. Pregunta si las pruebas se pueden guardar para más adelante. Si puedes, no te laves ni tires la ropa antes.

## Derechos de las víctimas en la Unión Europea

En la Unión Europea, la Directiva sobre los derechos de las víctimas (2012/29/UE) dice que las víctimas tienen derechos sin discriminación, también por su situación de residencia. Entre ellos, el derecho:

- a recibir información sobre su caso y sus derechos en un idioma que entiendan, y a un intérprete cuando hablen con la policía o un tribunal;
- a apoyo gratuito y confidencial, denuncien o no el delito;
- a protección frente a quien les hizo daño, y a no sufrir más daño por el propio proceso;
- a pedir una indemnización.

En la práctica, en algunos países la policía todavía revisa los papeles de quien denuncia. Por eso es importante un «cortafuegos» entre denunciar y la inmigración. Antes de ir, pregunta a una organización si denunciar es seguro donde estás.

## Si fuiste víctima de trata o explotación

Puede que seas víctima de trata si alguien te engañó, te obligó o te amenazó, o se aprovechó de tu deuda o de tu situación difícil, para hacerte trabajar y quedarse con las ganancias. Esto puede pasar en el trabajo sexual y en cualquier otro trabajo. La trata es lo que te hicieron, no el trabajo sexual en sí.

- **Un periodo de reflexión.** Los países que firmaron el Convenio del Consejo de Europa sobre la lucha contra la trata de seres humanos (casi toda Europa) deben dar a una posible víctima extranjera al menos 30 días para recuperarse y decidir si colabora con las autoridades. Durante ese tiempo no te pueden expulsar del país. Algunos países dan más tiempo.
- **Un permiso de residencia.** Estos países deben dar a las víctimas un permiso de residencia renovable cuando su situación personal lo requiere, o cuando colaboran con una investigación. En la Unión Europea, la Directiva 2004/81/CE regula un permiso para las víctimas que colaboran. Algunos países también dan permisos por razones humanitarias, sin colaboración.
- **No ser castigada.** Las víctimas no deberían ser castigadas por delitos que las obligaron a cometer, como usar papeles falsos o infringir las normas de extranjería.
- **Apoyo.** Alojamiento seguro, atención médica, apoyo psicológico, ayuda legal e intérprete.

Para acceder a estos derechos, normalmente las autoridades o una organización designada tienen que reconocer a la persona como víctima. Esto puede implicar a la policía. Habla primero con una organización especializada o con una abogada: pueden explicarte cómo funciona en tu país y acompañarte.

## Tu decisión

Tú decides si denuncias a la policía. Puedes [reportar en Parasol](/report) sin dar tu nombre, recibir apoyo sin denunciar o denunciar más tarde. Mientras tanto, guarda las pruebas en un lugar seguro: lee [Cómo denunciar de forma segura](/rights/guides/reporting).
`,

  labour: `# Tus derechos en el trabajo

Sea legal o no el trabajo sexual donde estás, y tengas o no papeles, tienes derechos. Algunos te protegen en el trabajo. Esta guía es general: [la ficha de tu país](/rights/map) explica cómo trata la ley el trabajo sexual allí.

## Derechos que protegen a todo el mundo

- **Tus documentos son tuyos.** Nadie puede quedarse con tu pasaporte o tu documento de identidad: ni un encargado, ni un agente, ni un casero, ni tu pareja. En muchos países quitarle los documentos a alguien es delito y una señal de trata o de trabajo forzoso.
- **Nadie puede obligarte a trabajar** ni impedirte que te vayas. Una deuda no puede usarse legalmente para retenerte en el trabajo (esto se llama servidumbre por deudas).
- **Puedes decir que no** a un cliente, a una práctica o a sexo sin preservativo. Que te obliguen a hacer lo que rechazaste, o que te multen por negarte, es un abuso.
- **La violencia en el trabajo es un delito**, la cometa quien la cometa.

## El dinero que te deben

- En muchos países se puede reclamar el pago del trabajo hecho, incluso sin permiso de trabajo. En la Unión Europea, la Directiva de sanciones a empleadores (2009/52/CE) da a las personas trabajadoras sin derecho de residencia el derecho a reclamar el salario que les debe un empleador.
- Donde el trabajo sexual no se reconoce como trabajo, puede ser difícil usar estos derechos para el trabajo sexual en sí. Pero siguen valiendo para otros trabajos, como la limpieza, la hostelería o los cuidados.
- Las multas, «descuentos» y «deudas» que se inventa un encargado muchas veces son ilegales.

## Guarda un registro

Apunta, con fechas: dónde y cuándo trabajaste, tus horas, lo que ganaste, lo que te quitaron y quién, nombres y números de teléfono. Guarda mensajes y capturas de pantalla. Un registro te ayuda si decides reclamar dinero o denunciar, ahora o más adelante.

## Antes de ir a una autoridad

La inspección de trabajo puede ayudar a las personas trabajadoras, pero en algunos países pasa información a inmigración o va junto con la policía. Antes de contactar con la inspección de trabajo, un sindicato o la policía, pregunta a una organización de trabajadoras sexuales, a un sindicato que organice a personas migrantes o a una abogada si es seguro para ti y qué podría pasar.

## Trabajar con otras

Trabajar con otras trabajadoras sexuales puede ser más seguro. En algunos países puede contar como llevar un burdel. Consulta [la ficha de tu país](/rights/map) y pregunta a una organización local por los riesgos.
`,

  reporting: `# Cómo denunciar de forma segura

Tú decides si denuncias, cuándo y ante quién. Cada forma tiene riesgos y ventajas. Esta guía te ayuda a elegir y a protegerte.

## Formas de denunciar

- **En Parasol.** Puedes [hacer un reporte aquí](/report) sin dar tu nombre. Tu reporte está cifrado y solo el equipo de la organización de trabajadoras sexuales que lo recibe puede leerlo. Nada va a la policía ni a inmigración si tú no lo eliges en el formulario. Recibes un código para leer las respuestas.
- **A una organización de confianza**, en persona o por teléfono. Puede ayudarte a decidir qué hacer después y acompañarte.
- **A la policía.** Solo tú puedes decidirlo. Antes de ir, pregunta a una organización o a una abogada si la policía de donde estás revisa los papeles de quien denuncia. En algunos lugares la policía se ha comprometido a no hacerlo (a esto se le llama denuncia segura), pero pregunta cómo funciona en la práctica. Puedes ir acompañada y pedir un intérprete.
- **Información anónima a la policía.** Algunas organizaciones pueden contar lo que pasó y quién lo hizo, sin tu nombre. En el formulario de Parasol es la opción «solo información anónima».

## Protégete mientras denuncias

- Si puedes, usa un móvil u ordenador que solo uses tú. En un dispositivo compartido, usa una ventana privada y ciérrala después.
- El navegador Tor oculta desde dónde te conectas. Parasol funciona en el navegador Tor, incluso con JavaScript desactivado.
- El botón «Salir de este sitio ya», arriba en cada página, te lleva al instante a una web del tiempo.
- Guarda tu código en un lugar privado: cualquiera que lo tenga puede leer tu reporte. Puedes guardarlo como un número de teléfono en tus contactos, con un nombre que solo tú entiendas.
- Escribe solo lo que te sientas cómoda compartiendo. Puedes añadir más después.

## Guarda pruebas

- No borres mensajes, listas de llamadas, fotos ni anuncios relacionados con lo que pasó. Haz capturas de pantalla donde se vea la fecha.
- Haz fotos de las heridas y los daños. Ve al médico y guarda los papeles médicos.
- Escribe lo que pasó mientras lo recuerdas: la fecha, la hora y el lugar, lo que se dijo, nombres, números de teléfono o matrículas.
- Guarda copias en un lugar seguro, lejos de la persona que te hizo daño, por ejemplo con una amiga o en una organización.

## Avisa a otras

Si estás de acuerdo, el equipo puede convertir tu reporte en un aviso para otras trabajadoras sexuales, sin nada que pueda identificarte. Cuando varias personas reportan el mismo número de teléfono o nombre, el equipo lo sabe, sin que nadie vea el número en claro.
`,
};
