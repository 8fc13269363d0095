/**
 * The one place that imports libsodium (sodium-native). Everything else in
 * Parasol reaches cryptography through the functions of this folder.
 */
import sodium from 'sodium-native';

export default sodium;
